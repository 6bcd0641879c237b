import { InputError, NotFoundError } from '@backstage/errors';
import { JSONPath } from 'jsonpath-plus';
import {
  CanaryJudgeParamError,
  parseCanaryJudgeParams,
} from '@gradual/plugin-rollouts-common';
import { AnalysisConfig, PrometheusTarget } from '../config/analysisConfig';
import { ResultValue } from '../expression/evaluateCondition';
import { evaluateResult, MeasurementPhase } from '../expression/evaluateResult';
import { parseCondition } from '../expression/parseCondition';
import { CanaryJudgeService, JudgeRequest } from '../judge/CanaryJudgeService';
import { argoPrometheusResult } from '../prometheus/argoResult';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import {
  AnalysisTemplateSpec,
  parseTemplateYaml,
  TemplateMetric,
  templateSpecOf,
} from '../template/analysisTemplate';
import {
  ArgumentValue,
  mergeArgs,
  resolveMetric,
} from '../template/resolveArgs';

/**
 * Reads an AnalysisTemplate (namespace given) or a ClusterAnalysisTemplate
 * (namespace undefined) from a cluster; `undefined` when it does not exist.
 */
export type GetAnalysisTemplate = (
  cluster: string,
  namespace: string | undefined,
  name: string,
) => Promise<unknown | undefined>;

export interface DryRunRequest {
  cluster: string;
  namespace?: string;
  /** Inline AnalysisTemplate YAML, or the name of a template in the cluster. */
  template: string | { name: string };
  args?: ArgumentValue[];
}

export interface DryRunMetricResult {
  name: string;
  provider: string;
  phase: MeasurementPhase;
  /** The measurement value as Argo records it (`[0.97]`, `0.5`, JSON for web). */
  value?: string;
  message?: string;
  durationMs: number;
  /** The resolved query (Prometheus) or URL (web). */
  query?: string;
}

export interface DryRunResponse {
  metrics: DryRunMetricResult[];
}

/** Argo's default Prometheus provider timeout, in seconds. */
const ARGO_DEFAULT_PROMETHEUS_TIMEOUT_SECONDS = 30;

type PlannedMetric =
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

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** k8s JSONPath `{$.a.b}` / `{.a.b}` → JSONPath `$.a.b`; Argo's default is `{$}`. */
function toJsonPath(expression: string | undefined): string {
  const inner = (expression ?? '{$}')
    .trim()
    .replace(/^\{(.*)\}$/s, '$1')
    .trim();
  if (inner === '' || inner === '$') return '$';
  return inner.startsWith('$')
    ? inner
    : `$${inner.startsWith('.') || inner.startsWith('[') ? '' : '.'}${inner}`;
}

/** The judge request a web metric's URL (and JSON body) makes, read with the shared contract. */
function judgeRequestFrom(
  url: URL,
  cluster: string,
  body: unknown,
): JudgeRequest {
  try {
    return parseCanaryJudgeParams({
      cluster,
      ...(isObject(body) ? body : {}),
      ...Object.fromEntries(url.searchParams.entries()),
    });
  } catch (error) {
    if (error instanceof CanaryJudgeParamError)
      throw new InputError(error.message);
    throw error;
  }
}

/** Stands in for a Secret the dry-run does not read and does not need. */
export const UNUSED_SECRET_PLACEHOLDER = '(not read by the dry-run)';

/**
 * Arguments Argo reads from a Secret that the template uses only in
 * `web.headers` (the judge token): a web metric is run only when it calls the
 * judge, in-process, so its headers are never sent and the Secret is not
 * needed. They get a placeholder unless the request gives a value.
 */
function headerOnlySecretArgs(
  spec: AnalysisTemplateSpec,
  given: ArgumentValue[],
): ArgumentValue[] {
  const uses = (text: string, name: string) =>
    new RegExp(
      `\\{\\{\\s*args\\.${name.replace(
        /[.*+?^${}()|[\]\\]/g,
        '\\$&',
      )}\\s*\\}\\}`,
    ).test(text);
  return spec.args
    .filter(
      a =>
        a.value === undefined &&
        (a.valueFrom as any)?.secretKeyRef &&
        !given.some(g => g.name === a.name),
    )
    .filter(a =>
      spec.metrics.every(m => {
        const { headers, ...web } = (m.provider?.web ?? {}) as Record<
          string,
          unknown
        >;
        const { provider, ...rest } = m;
        const { web: _web, ...otherProviders } = provider ?? {};
        return ![rest, otherProviders, web].some(part =>
          uses(JSON.stringify(part), a.name),
        );
      }),
    )
    .filter(a =>
      spec.metrics.some(m =>
        uses(JSON.stringify(m.provider?.web?.headers ?? []), a.name),
      ),
    )
    .map(a => ({ name: a.name, value: UNUSED_SECRET_PLACEHOLDER }));
}

/**
 * Runs an AnalysisTemplate's metrics once, now, without a rollout: each
 * Prometheus metric against the cluster's configured Prometheus, each web
 * metric that calls Gradual's judge in-process, and decides every
 * measurement's phase with Argo's rules. Addresses come from configuration
 * only: a metric naming another address is refused (400), so a request can
 * never make the backend connect anywhere it chooses.
 */
export class AnalysisDryRunService {
  constructor(
    private readonly options: {
      config: AnalysisConfig;
      judge: CanaryJudgeService;
      getAnalysisTemplate?: GetAnalysisTemplate;
      clientFor?: (target: PrometheusTarget) => PrometheusClient;
    },
  ) {}

  async dryRun(request: DryRunRequest): Promise<DryRunResponse> {
    const { cluster } = request;
    if (typeof cluster !== 'string' || cluster === '')
      throw new InputError('cluster is required');
    const args = request.args ?? [];
    if (
      !Array.isArray(args) ||
      !args.every(
        a =>
          isObject(a) &&
          typeof a.name === 'string' &&
          typeof a.value === 'string',
      )
    ) {
      throw new InputError('args must be a list of { name, value } strings');
    }
    const target = this.options.config.prometheus.get(cluster);
    if (!target)
      throw new InputError(
        `No Prometheus is configured for cluster ${cluster}`,
      );

    const spec = await this.readTemplate(request);
    const values = mergeArgs(spec, [
      ...args,
      ...headerOnlySecretArgs(spec, args),
    ]);
    const plans = spec.metrics.map(m =>
      this.plan(resolveMetric(m, values), target),
    );
    const client =
      this.options.clientFor?.(target) ??
      new PrometheusClient({
        baseUrl: target.url,
        timeoutMs: target.timeoutMs,
      });
    return {
      metrics: await Promise.all(
        plans.map(plan => this.run(plan, client, cluster)),
      ),
    };
  }

  private async readTemplate(
    request: DryRunRequest,
  ): Promise<AnalysisTemplateSpec> {
    const { template } = request;
    if (typeof template === 'string') return parseTemplateYaml(template);
    if (
      !isObject(template) ||
      typeof template.name !== 'string' ||
      template.name === ''
    ) {
      throw new InputError(
        'template must be AnalysisTemplate YAML or { name }',
      );
    }
    if (!this.options.getAnalysisTemplate) {
      throw new InputError(
        'Reading templates from the cluster is not available; pass the template YAML',
      );
    }
    const object = await this.options.getAnalysisTemplate(
      request.cluster,
      request.namespace,
      template.name,
    );
    if (!object) {
      const kind = request.namespace
        ? `AnalysisTemplate ${request.namespace}/`
        : 'ClusterAnalysisTemplate ';
      throw new NotFoundError(
        `${kind}${template.name} not found in cluster ${request.cluster}`,
      );
    }
    return templateSpecOf(object);
  }

  /** Decides how a metric runs; throws InputError for what must be refused. */
  private plan(
    metric: TemplateMetric,
    target: PrometheusTarget,
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
      const judgeUrls = this.options.config.judge.urls.map(normalise);
      if (
        !url ||
        !judgeUrls.includes(normalise(`${url.origin}${url.pathname}`))
      ) {
        throw new InputError(
          `Metric ${
            metric.name
          } names its own web address; the dry-run only runs web metrics that call Gradual's canary judge (${
            judgeUrls.join(', ') || 'none configured'
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

  private async run(
    plan: PlannedMetric,
    client: PrometheusClient,
    cluster: string,
  ): Promise<DryRunMetricResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const { metric } = plan;
    const conditions = {
      successCondition: metric.successCondition,
      failureCondition: metric.failureCondition,
    };
    switch (plan.kind) {
      case 'unsupported':
        return {
          name: metric.name,
          provider: plan.provider,
          phase: 'Error',
          message: plan.message,
          durationMs: 0,
        };
      case 'prometheus':
        try {
          const response = await client.query(plan.query, {
            timeoutMs: plan.timeoutMs,
          });
          const { result, value } = argoPrometheusResult(response.value);
          const verdict = evaluateResult(result, conditions);
          const warnings = response.warnings.length
            ? `Prometheus warnings: ${response.warnings.join('; ')}`
            : undefined;
          const message =
            [verdict.message, warnings].filter(Boolean).join('; ') || undefined;
          return {
            name: metric.name,
            provider: 'prometheus',
            phase: verdict.phase,
            value,
            ...(message ? { message } : {}),
            durationMs: elapsed(),
            query: plan.query,
          };
        } catch (error: any) {
          return {
            name: metric.name,
            provider: 'prometheus',
            phase: 'Error',
            message: error.message,
            durationMs: elapsed(),
            query: plan.query,
          };
        }
      default:
        try {
          const body = isObject(metric.provider.web.jsonBody)
            ? metric.provider.web.jsonBody
            : undefined;
          const judgement = await this.options.judge.judge(
            judgeRequestFrom(plan.url, cluster, body),
          );
          // The value the HTTP endpoint would send, as JSON.
          const json = JSON.parse(JSON.stringify(judgement));
          const matches = JSONPath({
            path: plan.jsonPath,
            json,
            wrap: true,
            eval: false,
          }) as unknown[];
          if (!Array.isArray(matches) || matches.length === 0) {
            return {
              name: metric.name,
              provider: 'web',
              phase: 'Error',
              message: 'result of web metric produced no value',
              durationMs: elapsed(),
              query: plan.url.toString(),
            };
          }
          const result = matches[0] as ResultValue;
          const verdict = evaluateResult(result, conditions);
          return {
            name: metric.name,
            provider: 'web',
            phase: verdict.phase,
            value: JSON.stringify(result),
            message:
              verdict.message ??
              `judge: ${judgement.verdict} (score ${judgement.score}): ${judgement.reason}`,
            durationMs: elapsed(),
            query: plan.url.toString(),
          };
        } catch (error: any) {
          return {
            name: metric.name,
            provider: 'web',
            phase: 'Error',
            message: error.message,
            durationMs: elapsed(),
            query: plan.url.toString(),
          };
        }
    }
  }
}
