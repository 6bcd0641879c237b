import { quantile, round, summarize } from './stats';

describe('quantile (nearest rank)', () => {
  it('picks the nearest-rank values', () => {
    const v = [5, 1, 4, 2, 3];
    expect(quantile(v, 0.5)).toBe(3);
    expect(quantile(v, 0.95)).toBe(5);
    expect(quantile(v, 0)).toBe(1);
    expect(quantile(v, 1)).toBe(5);
    // 20 samples: p95 is the 19th smallest.
    expect(
      quantile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(19);
  });

  it('does not reorder its input', () => {
    const v = [3, 1, 2];
    quantile(v, 0.5);
    expect(v).toEqual([3, 1, 2]);
  });

  it('rejects a quantile outside [0, 1] and answers NaN for no data', () => {
    expect(() => quantile([1], 1.5)).toThrow(/outside/);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('summarize', () => {
  it('summarizes a sample', () => {
    expect(summarize([10, 20, 30, 40])).toEqual({
      n: 4,
      p50: 20,
      p95: 40,
      min: 10,
      max: 40,
      mean: 25,
    });
  });

  it('rounds to two decimals', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(summarize([1.005, 2.004]).mean).toBe(1.5);
  });

  it('handles an empty sample', () => {
    expect(summarize([]).n).toBe(0);
    expect(summarize([]).p50).toBeNaN();
  });
});
