import { argoPrometheusResult } from './argoResult';
import { parseSampleValue } from './PrometheusClient';

describe('argoPrometheusResult', () => {
  it('turns a scalar into a number and keeps Prometheus’ string as the value', () => {
    expect(
      argoPrometheusResult({ resultType: 'scalar', value: '0.95' }),
    ).toEqual({ result: 0.95, value: '0.95' });
  });

  it('turns a vector into the array of its values, in order', () => {
    expect(
      argoPrometheusResult({ resultType: 'vector', values: ['0.9', 'NaN'] }),
    ).toEqual({
      result: [0.9, NaN],
      value: '[0.9,NaN]',
    });
    expect(argoPrometheusResult({ resultType: 'vector', values: [] })).toEqual({
      result: [],
      value: '[]',
    });
  });

  it('flattens every sample of every series of a matrix', () => {
    expect(
      argoPrometheusResult({
        resultType: 'matrix',
        series: [['1', '2'], ['3']],
      }),
    ).toEqual({
      result: [1, 2, 3],
      value: '[1,2,3]',
    });
  });

  it('refuses other types with Argo’s message', () => {
    expect(() =>
      argoPrometheusResult({ resultType: 'string', value: 'x' }),
    ).toThrow('Prometheus metric type not supported');
  });

  it('parses Prometheus’ special floats', () => {
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('1e-3')).toBe(0.001);
  });
});
