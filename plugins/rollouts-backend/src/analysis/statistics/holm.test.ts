import { holmAdjust } from './holm';

describe('holmAdjust', () => {
  it("matches R p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm') = 0.03 0.06 0.06 0.02", () => {
    // 4 × 0.005 = 0.02; 3 × 0.01 = 0.03; 2 × 0.03 = 0.06; max(0.06, 1 × 0.04) = 0.06.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) =>
      expect(adjusted[i]).toBeCloseTo(expected, 12),
    );
  });

  it('caps at 1 and leaves a single p-value unchanged', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([0.2])).toEqual([0.2]);
    expect(holmAdjust([])).toEqual([]);
  });
});
