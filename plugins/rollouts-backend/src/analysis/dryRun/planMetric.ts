import { InputError } from '@backstage/errors';
import { PrometheusTarget } from '../config/analysisConfig';
import { parseCondition } from '../expression/parseCondition';
import { TemplateMetric } from '../template/analysisTemplate';
import { isObject } from '../isObject';

/** Argo's default Prometheus provider timeout, in seconds. */
const ARGO_DEFAULT_PROMETHEUS_TIMEOUT_SECONDS = 30;

/** How one resolved metric is run by the dry-run. */
export type PlannedMetric =
  | {
      kind: 'prometheus';
      metric: TemplateMetric;
      query: string;
      timeoutMs: number;
    }
  | { kind: 'judge'; metric: TemplateMetric; url: URL; jsonPath: string }
  | {
      kind: 'unsupported';
      metric: TemplateMetric;
      provider: string;
      message: string;
    };

const normalise = (url: string) => url.replace(/\/+$/, '');

/** k8s JSONPath `{$.a.b}` / `{.a.b}` → JSONPath `$.a.b`; Argo's default is `{$}`. */
export function toJsonPath(expression: string | undefined): string {
  const inner = (expression ?? '{$}')
    .trim()
    .replace(/^\{(.*)\}$/s, '$1')
    .trim();
  if (inner === '' || inner === '$') return '$';
  return inner.startsWith('$')
    ? inner
    : `$${inner.startsWith('.') || inner.startsWith('[') ? '' : '.'}${inner}`;
}

/**
 * Decides how a metric runs; throws InputError for what must be refused: a
 * Prometheus address other than the cluster's configured one (or an alias),
 * a web URL other than Gradual's judge, an unsupported condition.
 */
export function planMetric(
  metric: TemplateMetric,
  target: PrometheusTarget,
  judgeUrls: string[],
): PlannedMetric {
  const [provider] = Object.keys(metric.provider);
  const settings = metric.provider[provider];
  const runnable = () => {
    // Validate both conditions up front: an unsupported one is a 400.
    if (metric.successCondition) parseCondition(metric.successCondition);
    if (metric.failureCondition) parseCondition(metric.failureCondition);
  };
  if (provider === 'prometheus') {
    if (
      !isObject(settings) ||
      typeof settings.query !== 'string' ||
      settings.query.trim() === ''
    ) {
      throw new InputError(
        `Metric ${metric.name}: prometheus.query is required`,
      );
    }
    if (settings.address !== undefined) {
      const allowed = [target.url, ...target.aliases].map(normalise);
      if (
        typeof settings.address !== 'string' ||
        !allowed.includes(normalise(settings.address))
      ) {
        throw new InputError(
          `Metric ${metric.name} names its own Prometheus address; the dry-run only queries the Prometheus configured for cluster ${target.cluster}. Remove prometheus.address or list it in the cluster's prometheus.aliases`,
        );
      }
    }
    if (settings.rangeQuery !== undefined) {
      return {
        kind: 'unsupported',
        metric,
        provider,
        message: 'prometheus.rangeQuery is not supported by the dry-run',
      };
    }
    runnable();
    const seconds =
      typeof settings.timeout === 'number' && settings.timeout > 0
        ? settings.timeout
        : ARGO_DEFAULT_PROMETHEUS_TIMEOUT_SECONDS;
    return {
      kind: 'prometheus',
      metric,
      query: settings.query,
      timeoutMs: Math.min(seconds * 1000, target.timeoutMs),
    };
  }
  if (provider === 'web') {
    const rawUrl = isObject(settings) ? settings.url : undefined;
    let url: URL | undefined;
    try {
      url = typeof rawUrl === 'string' ? new URL(rawUrl) : undefined;
    } catch {
      url = undefined;
    }
    const allowedJudgeUrls = judgeUrls.map(normalise);
    if (
      !url ||
      !allowedJudgeUrls.includes(normalise(`${url.origin}${url.pathname}`))
    ) {
      throw new InputError(
        `Metric ${
          metric.name
        } names its own web address; the dry-run only runs web metrics that call Gradual's canary judge (${
          allowedJudgeUrls.join(', ') || 'none configured'
        })`,
      );
    }
    runnable();
    return {
      kind: 'judge',
      metric,
      url,
      jsonPath: toJsonPath(settings.jsonPath),
    };
  }
  return {
    kind: 'unsupported',
    metric,
    provider,
    message: `The ${provider} provider is not run by the dry-run; only prometheus, and web calls to Gradual's canary judge, are`,
  };
}
