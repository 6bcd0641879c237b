import { parseMeasurementValue, parseThreshold } from './thresholds';

describe('parseThreshold', () => {
  it.each([
    ['result[0] >= 0.99', { operator: '>=', value: 0.99 }],
    ['result < 0.5', { operator: '<', value: 0.5 }],
    [' result[0]<=1e-2 ', { operator: '<=', value: 0.01 }],
    ['0.99 <= result[0]', { operator: '>=', value: 0.99 }],
    ['5 > result', { operator: '<', value: 5 }],
  ])('parses %s', (condition, expected) => {
    expect(parseThreshold(condition)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    'len(result) == 0 || result[0] >= 0.99',
    'result[1] > 3',
    'isNaN(result)',
  ])('ignores %s', condition => {
    expect(parseThreshold(condition)).toBeUndefined();
  });
});

describe('parseMeasurementValue', () => {
  it('reads the first number of a Prometheus vector', () => {
    expect(parseMeasurementValue('[0.995]')).toBe(0.995);
    expect(parseMeasurementValue('[0.5 0.7]')).toBe(0.5);
    expect(parseMeasurementValue('42')).toBe(42);
  });

  it('returns undefined for NaN and missing values', () => {
    expect(parseMeasurementValue('[NaN]')).toBeUndefined();
    expect(parseMeasurementValue(undefined)).toBeUndefined();
    expect(parseMeasurementValue('[]')).toBeUndefined();
  });
});
