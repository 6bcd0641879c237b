import { fisherExactTest } from './fisherExact';

// Reference values are R's outputs for the examples in R's ?fisher.test
// (R 4.x, stats package documentation).
describe('fisherExactTest', () => {
  // TeaTasting <- matrix(c(3, 1, 1, 3), nrow = 2)
  const teaTasting = { a: 3, b: 1, c: 1, d: 3 };

  it('matches R fisher.test(TeaTasting) two-sided: p = 0.4857', () => {
    expect(fisherExactTest(teaTasting)).toBeCloseTo(0.4857, 4);
  });

  it('matches R fisher.test(TeaTasting, alternative = "greater"): p = 0.2429', () => {
    expect(fisherExactTest(teaTasting, 'greater')).toBeCloseTo(0.2429, 4);
  });

  // Convictions <- matrix(c(2, 10, 15, 3), nrow = 2): rows Dizygotic / Monozygotic
  // twins, columns Convicted / Not convicted (R fills by column), i.e.
  // dizygotic 2 convicted and 15 not, monozygotic 10 convicted and 3 not.
  it('matches R fisher.test(Convictions, alternative = "less"): p = 0.0004652', () => {
    expect(fisherExactTest({ a: 2, b: 15, c: 10, d: 3 }, 'less')).toBeCloseTo(
      0.0004652,
      7,
    );
  });

  it('gives 1 for identical proportions and a small p for a real difference', () => {
    expect(fisherExactTest({ a: 10, b: 990, c: 10, d: 990 })).toBeCloseTo(
      1,
      10,
    );
    expect(
      fisherExactTest({ a: 60, b: 940, c: 10, d: 990 }, 'greater'),
    ).toBeLessThan(1e-8);
  });

  it('rejects non-integer or negative counts', () => {
    expect(() => fisherExactTest({ a: -1, b: 1, c: 1, d: 1 })).toThrow(
      RangeError,
    );
    expect(() => fisherExactTest({ a: 0.5, b: 1, c: 1, d: 1 })).toThrow(
      RangeError,
    );
  });
});
