import {
  PrometheusQueryError,
  PrometheusValue,
  parseSampleValue,
} from './PrometheusClient';

/**
 * `result` and the recorded measurement value as Argo's Prometheus provider
 * builds them (`processResponse` in Argo Rollouts'
 * https://github.com/argoproj/argo-rollouts/blob/v1.8.5/metricproviders/prometheus/prometheus.go):
 * a scalar → a number and its string; a vector → the array of its sample
 * values in response order; a range matrix → all samples of all series,
 * flattened; the value string is `[v1,v2,…]`. Other types are an error.
 */
export function argoPrometheusResult(value: PrometheusValue): {
  result: number | number[];
  value: string;
} {
  switch (value.resultType) {
    case 'scalar':
      return { result: parseSampleValue(value.value), value: value.value };
    case 'vector':
      return {
        result: value.values.map(parseSampleValue),
        value: `[${value.values.join(',')}]`,
      };
    case 'matrix': {
      const samples = value.series.flat();
      return {
        result: samples.map(parseSampleValue),
        value: `[${samples.join(',')}]`,
      };
    }
    default:
      throw new PrometheusQueryError('Prometheus metric type not supported');
  }
}
