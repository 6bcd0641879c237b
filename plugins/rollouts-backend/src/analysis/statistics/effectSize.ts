function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of a sample (NaN when empty). */
export function sampleMedian(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return median([...values].sort((a, b) => a - b));
}

/**
 * The Hodges–Lehmann estimate of the shift of x relative to y: the median of
 * all pairwise differences x_i − y_j (the estimate that goes with the
 * Mann–Whitney test, as in R's `wilcox.test(conf.int = TRUE)`).
 */
export function hodgesLehmannShift(
  x: readonly number[],
  y: readonly number[],
): number {
  const differences: number[] = [];
  for (const xi of x) for (const yj of y) differences.push(xi - yj);
  if (differences.length === 0) return NaN;
  return median(differences.sort((a, b) => a - b));
}

/**
 * Cliff's delta: P(X > Y) − P(X < Y) over all pairs, in [−1, 1]. Conventional
 * magnitudes (Romano et al. 2006): |δ| < 0.147 negligible, < 0.33 small,
 * < 0.474 medium, otherwise large.
 */
export function cliffsDelta(
  x: readonly number[],
  y: readonly number[],
): number {
  let greater = 0;
  let less = 0;
  for (const xi of x) {
    for (const yj of y) {
      if (xi > yj) greater++;
      else if (xi < yj) less++;
    }
  }
  return x.length && y.length ? (greater - less) / (x.length * y.length) : NaN;
}
