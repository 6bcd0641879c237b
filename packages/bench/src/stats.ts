/** Summary statistics of a sample of durations (milliseconds). */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/**
 * The q-quantile (0..1) by the nearest-rank method on a sorted copy: the
 * smallest value such that at least q of the sample is at or below it.
 */
export function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  if (q < 0 || q > 1) throw new Error(`quantile ${q} outside [0, 1]`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

export function summarize(values: number[]): Summary {
  const n = values.length;
  if (!n) return { n: 0, p50: NaN, p95: NaN, min: NaN, max: NaN, mean: NaN };
  return {
    n,
    p50: round(quantile(values, 0.5)),
    p95: round(quantile(values, 0.95)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((a, b) => a + b, 0) / n),
  };
}

/** Rounds to 0.01 (milliseconds are reported with two decimals). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds elapsed since a `process.hrtime.bigint()` mark. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
