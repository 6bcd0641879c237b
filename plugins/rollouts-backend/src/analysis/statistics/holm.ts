/**
 * Holm–Bonferroni adjusted p-values (R's `p.adjust(p, "holm")`): sort
 * ascending, multiply the i-th smallest by (m − i + 1), carry the running
 * maximum, cap at 1. Rejecting where the adjusted p-value is ≤ α controls
 * the family-wise error rate at α for any dependence between the tests.
 * Returns the adjusted values in the input order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let runningMax = 0;
  order.forEach(({ p, i }, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p));
    adjusted[i] = runningMax;
  });
  return adjusted;
}
