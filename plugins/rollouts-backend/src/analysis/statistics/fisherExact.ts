import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';

export type Alternative = 'two-sided' | 'greater' | 'less';

/**
 * A 2×2 table of counts: rows are the two groups (canary, stable), columns
 * are events (e.g. errors) and non-events.
 */
export interface TwoByTwoTable {
  /** events in group 1 (the canary's errors) */
  a: number;
  /** non-events in group 1 */
  b: number;
  /** events in group 2 (the stable's errors) */
  c: number;
  /** non-events in group 2 */
  d: number;
}

/** R's relative tolerance when comparing table probabilities in the two-sided test. */
const RELATIVE_ERROR = 1 + 1e-7;

/**
 * Fisher's exact test on a 2×2 table, conditioning on the margins, as R's
 * `fisher.test` computes it for 2×2 tables: `a` follows a hypergeometric
 * distribution; `greater` is P(A ≥ a) (group 1 has the higher odds of an
 * event), `less` is P(A ≤ a), and `two-sided` sums the probabilities of all
 * tables no more likely than the observed one.
 *
 * The hypergeometric probabilities come from `@stdlib/stats-base-dists-hypergeometric-pmf`.
 */
export function fisherExactTest(
  table: TwoByTwoTable,
  alternative: Alternative = 'two-sided',
): number {
  const { a, b, c, d } = table;
  for (const count of [a, b, c, d]) {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(
        `Fisher's exact test needs non-negative integer counts, got ${count}`,
      );
    }
  }
  const population = a + b + c + d;
  const events = a + c;
  const group1 = a + b;
  const low = Math.max(0, group1 - (population - events));
  const high = Math.min(group1, events);
  const pmf = (x: number) => hypergeometricPmf(x, population, events, group1);

  let sum = 0;
  if (alternative === 'greater') {
    for (let x = a; x <= high; x++) sum += pmf(x);
  } else if (alternative === 'less') {
    for (let x = low; x <= a; x++) sum += pmf(x);
  } else {
    const observed = pmf(a) * RELATIVE_ERROR;
    for (let x = low; x <= high; x++) {
      const p = pmf(x);
      if (p <= observed) sum += p;
    }
  }
  return Math.min(1, sum);
}
