import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { Alternative } from './fisherExact';

export interface MannWhitneyOptions {
  /** `greater`: x tends to be larger than y. Default `two-sided`. */
  alternative?: Alternative;
  /**
   * Use the exact permutation distribution when n1 + n2 is at most this
   * (default 50); above it, the normal approximation. Default 50.
   */
  exactMaxTotal?: number;
  /** Continuity correction in the normal approximation (R's `correct`). Default true. */
  continuityCorrection?: boolean;
}

export interface MannWhitneyResult {
  /** U of x (R's W): the number of pairs with x > y, ties counting ½. */
  u: number;
  pValue: number;
  method: 'exact' | 'normal';
  /** Whether the samples share values (the exact distribution then conditions on the ties). */
  ties: boolean;
}

/** Mid-ranks of the pooled sample (ties get the average of their ranks), 1-based. */
export function midRanks(values: readonly number[]): {
  ranks: number[];
  tieSizes: number[];
} {
  const order = values.map((v, i) => ({ v, i })).sort((p, q) => p.v - q.v);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    const rank = (start + end + 2) / 2;
    for (let k = start; k <= end; k++) ranks[order[k].i] = rank;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/**
 * The exact null distribution of the sum of `m` of the given scores, drawn
 * without replacement, all subsets equally likely: counts by (doubled,
 * hence integer) score sum, by dynamic programming over the items.
 */
function subsetSumCounts(
  doubledScores: readonly number[],
  m: number,
): Float64Array {
  const maxSum = doubledScores.reduce((s, r) => s + r, 0);
  // ways[j][s]: subsets of j of the items seen so far with score sum s.
  const ways = Array.from(
    { length: m + 1 },
    () => new Float64Array(maxSum + 1),
  );
  ways[0][0] = 1;
  doubledScores.forEach((score, k) => {
    for (let j = Math.min(k + 1, m); j >= 1; j--) {
      const into = ways[j];
      const from = ways[j - 1];
      for (let s = maxSum; s >= score; s--) into[s] += from[s - score];
    }
  });
  return ways[m];
}

function exactPValue(
  doubledRanks: readonly number[],
  n1: number,
  observed: number,
  alternative: Alternative,
): number {
  const counts = subsetSumCounts(doubledRanks, n1);
  let total = 0;
  let atMost = 0;
  let atLeast = 0;
  counts.forEach((count, s) => {
    total += count;
    if (s <= observed) atMost += count;
    if (s >= observed) atLeast += count;
  });
  const lower = atMost / total;
  const upper = atLeast / total;
  if (alternative === 'greater') return upper;
  if (alternative === 'less') return lower;
  return Math.min(1, 2 * Math.min(lower, upper));
}

function normalPValue(
  u: number,
  n1: number,
  n2: number,
  tieSizes: readonly number[],
  alternative: Alternative,
  continuityCorrection: boolean,
): number {
  const n = n1 + n2;
  const tieTerm = tieSizes.reduce((s, t) => s + t ** 3 - t, 0);
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const centred = u - (n1 * n2) / 2;
  if (sigma === 0) return 1;
  let correction = 0;
  if (continuityCorrection) {
    if (alternative === 'two-sided') correction = Math.sign(centred) * 0.5;
    else correction = alternative === 'greater' ? 0.5 : -0.5;
  }
  const z = (centred - correction) / sigma;
  if (alternative === 'greater') return 1 - normalCdf(z, 0, 1);
  if (alternative === 'less') return normalCdf(z, 0, 1);
  return Math.min(1, 2 * Math.min(normalCdf(z, 0, 1), 1 - normalCdf(z, 0, 1)));
}

/**
 * The Mann–Whitney U (Wilcoxon rank-sum) test of x against y.
 *
 * Small samples (n1 + n2 ≤ `exactMaxTotal`) use the exact permutation
 * distribution of the rank sum, computed by dynamic programming; with ties it
 * conditions on the observed mid-ranks (the exact permutation test), without
 * ties it equals R's `wilcox.test(exact = TRUE)`. Larger samples use the
 * normal approximation with the tie-corrected variance and, by default, the
 * continuity correction, exactly as R's `wilcox.test(exact = FALSE)`.
 * The two-sided exact p-value doubles the smaller tail, as R does.
 */
export function mannWhitneyTest(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const alternative = options.alternative ?? 'two-sided';
  const exactMaxTotal = options.exactMaxTotal ?? 50;
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) {
    throw new RangeError(
      'The Mann–Whitney test needs at least one value in each sample',
    );
  }
  if ([...x, ...y].some(v => !Number.isFinite(v))) {
    throw new RangeError('The Mann–Whitney test needs finite values');
  }
  const { ranks, tieSizes } = midRanks([...x, ...y]);
  const rankSum = ranks.slice(0, n1).reduce((s, r) => s + r, 0);
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const ties = tieSizes.some(t => t > 1);

  if (n1 + n2 <= exactMaxTotal) {
    const doubled = ranks.map(r => Math.round(2 * r));
    return {
      u,
      pValue: exactPValue(doubled, n1, Math.round(2 * rankSum), alternative),
      method: 'exact',
      ties,
    };
  }
  return {
    u,
    pValue: normalPValue(
      u,
      n1,
      n2,
      tieSizes,
      alternative,
      options.continuityCorrection ?? true,
    ),
    method: 'normal',
    ties,
  };
}
