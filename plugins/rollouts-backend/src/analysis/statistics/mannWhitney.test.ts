import { mannWhitneyTest, midRanks } from './mannWhitney';

describe('mannWhitneyTest', () => {
  // R ?wilcox.test, "Two-sample test": Hollander & Wolfe (1973), p. 69 —
  // permeability constants of the human chorioamnion at term (x) and at
  // 12–26 weeks gestational age (y).
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];

  it('matches R wilcox.test(x, y, alternative = "g"): W = 35, p = 0.1272 (exact)', () => {
    const result = mannWhitneyTest(x, y, { alternative: 'greater' });
    expect(result.u).toBe(35);
    expect(result.method).toBe('exact');
    expect(result.pValue).toBeCloseTo(0.1272, 4);
  });

  it('matches R wilcox.test(x, y, alternative = "greater", exact = FALSE, correct = FALSE): p = 0.1103', () => {
    const result = mannWhitneyTest(x, y, {
      alternative: 'greater',
      exactMaxTotal: 0,
      continuityCorrection: false,
    });
    expect(result.method).toBe('normal');
    expect(result.pValue).toBeCloseTo(0.1103, 4);
  });

  // SciPy's scipy.stats.mannwhitneyu documentation example (ages of male and
  // female employees): U1 = 17, exact two-sided p = 0.1111 (= 14/126),
  // asymptotic with continuity correction p = 0.11134688653314041.
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];

  it('matches SciPy mannwhitneyu(method="exact"): U = 17, p = 0.1111', () => {
    const result = mannWhitneyTest(males, females);
    expect(result.u).toBe(17);
    expect(result.pValue).toBeCloseTo(0.111111111, 8);
  });

  it('matches SciPy mannwhitneyu(method="asymptotic"): p = 0.11134688653314041', () => {
    const result = mannWhitneyTest(males, females, { exactMaxTotal: 0 });
    expect(result.pValue).toBeCloseTo(0.11134688653314041, 10);
  });

  it('is symmetric: less on (x, y) equals greater on (y, x)', () => {
    const a = mannWhitneyTest(x, y, { alternative: 'less' });
    const b = mannWhitneyTest(y, x, { alternative: 'greater' });
    expect(a.pValue).toBeCloseTo(b.pValue, 12);
  });

  it('uses the exact permutation distribution with ties', () => {
    // All values tied: every permutation has the same rank sum, p = 1.
    const result = mannWhitneyTest([1, 1, 1], [1, 1, 1], {
      alternative: 'greater',
    });
    expect(result.ties).toBe(true);
    expect(result.pValue).toBe(1);
    // x = {2,2}, y = {1,1}: of C(4,2) = 6 splits only one puts both 2s in x.
    expect(
      mannWhitneyTest([2, 2], [1, 1], { alternative: 'greater' }).pValue,
    ).toBeCloseTo(1 / 6, 12);
  });

  it('switches to the normal approximation above the exact limit', () => {
    const big1 = Array.from({ length: 40 }, (_, i) => i + 0.5);
    const big2 = Array.from({ length: 40 }, (_, i) => i);
    expect(mannWhitneyTest(big1, big2).method).toBe('normal');
  });

  it('gives mid-ranks for ties', () => {
    expect(midRanks([3, 1, 3, 2])).toEqual({
      ranks: [3.5, 1, 3.5, 2],
      tieSizes: [1, 1, 2],
    });
  });
});
