import { cliffsDelta, hodgesLehmannShift, sampleMedian } from './effectSize';

describe('effect sizes', () => {
  it('Hodges–Lehmann shift is the median of pairwise differences', () => {
    // differences of {3, 5} − {1, 2}: 2, 1, 4, 3 → median 2.5
    expect(hodgesLehmannShift([3, 5], [1, 2])).toBe(2.5);
    expect(hodgesLehmannShift([1, 2, 3], [1, 2, 3])).toBe(0);
  });

  it("Cliff's delta counts dominance over all pairs", () => {
    expect(cliffsDelta([3, 4], [1, 2])).toBe(1);
    expect(cliffsDelta([1, 2], [3, 4])).toBe(-1);
    // pairs: (1,1)= (1,2)< (2,1)> (2,2)= → (1 − 1) / 4
    expect(cliffsDelta([1, 2], [1, 2])).toBe(0);
  });

  it('median', () => {
    expect(sampleMedian([3, 1, 2])).toBe(2);
    expect(sampleMedian([4, 1, 2, 3])).toBe(2.5);
    expect(sampleMedian([])).toBeNaN();
  });
});
