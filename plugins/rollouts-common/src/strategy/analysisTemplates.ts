/*
 * The built-in AnalysisTemplates: `success-rate`, `error-rate`, `latency-p99`
 * (Prometheus) and `canary-judge` (Argo's `web` provider against the Gradual
 * canary judge). Thresholds are template args with defaults, so a Rollout can
 * override them per analysis step without a new template.
 */
import type {
  AnalysisThresholds,
  GeneratorSettings,
  KubernetesObject,
} from './types';
import {
  CANARY_JUDGE_JSON_PATH,
  DEFAULT_JUDGE_MARGINAL_SCORE,
  DEFAULT_JUDGE_PASS_SCORE,
  DEFAULT_JUDGE_WINDOW,
  canaryJudgeUrl,
} from './canaryJudge';

/** Where the judge template reads the external-access token by default (in the rollout's namespace). */
export const CANARY_JUDGE_TOKEN_SECRET = {
  name: 'gradual-canary-judge',
  key: 'token',
};

export const DEFAULT_THRESHOLDS: AnalysisThresholds = {
  successRate: 0.99,
  errorRate: 0.01,
  latencyP99Seconds: 0.5,
  interval: '1m',
  count: 5,
  failureLimit: 1,
};

export const BUILT_IN_ANALYSIS_TEMPLATES = [
  'success-rate',
  'error-rate',
  'latency-p99',
  'canary-judge',
] as const;

export type BuiltInAnalysisTemplateName =
  (typeof BUILT_IN_ANALYSIS_TEMPLATES)[number];

export function isBuiltInAnalysisTemplate(
  name: string,
): name is BuiltInAnalysisTemplateName {
  return (BUILT_IN_ANALYSIS_TEMPLATES as readonly string[]).includes(name);
}

/**
 * Args every built-in template takes from the Rollout: namespace and rollout
 * name from the Rollout's metadata, the new ReplicaSet's pod-template hash
 * (`Latest`, i.e. canary or preview) and, for the judge, the stable hash.
 */
export const ROLLOUT_ANALYSIS_ARGS = {
  namespace: { valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
  rollout: { valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  'canary-hash': { valueFrom: { podTemplateHashValue: 'Latest' } },
  'stable-hash': { valueFrom: { podTemplateHashValue: 'Stable' } },
} as const;

/** The Rollout-side args a built-in template needs (see ROLLOUT_ANALYSIS_ARGS). */
export function rolloutArgsFor(
  templateName: string,
): Array<keyof typeof ROLLOUT_ANALYSIS_ARGS> {
  if (templateName === 'canary-judge') {
    return ['namespace', 'rollout', 'canary-hash', 'stable-hash'];
  }
  if (isBuiltInAnalysisTemplate(templateName)) {
    return ['namespace', 'rollout', 'canary-hash'];
  }
  return [];
}

const SELECTOR =
  'namespace="{{args.namespace}}",rollout="{{args.rollout}}",rollouts_pod_template_hash="{{args.canary-hash}}"';

function resolveThresholds(settings: GeneratorSettings): AnalysisThresholds {
  return { ...DEFAULT_THRESHOLDS, ...settings.thresholds };
}

function template(
  name: string,
  description: string,
  spec: Record<string, unknown>,
): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: {
      name,
      annotations: { 'gradual.dev/description': description },
    },
    spec,
  };
}

const identityArgs = [
  { name: 'namespace' },
  { name: 'rollout' },
  { name: 'canary-hash' },
];

function prometheusMetric(
  settings: GeneratorSettings,
  t: AnalysisThresholds,
  metric: { name: string; query: string; successCondition: string },
) {
  return {
    name: metric.name,
    interval: t.interval,
    count: t.count,
    failureLimit: t.failureLimit,
    successCondition: metric.successCondition,
    provider: {
      prometheus: {
        address: settings.prometheusAddress,
        query: metric.query,
      },
    },
  };
}

export function successRateTemplate(settings: GeneratorSettings) {
  const t = resolveThresholds(settings);
  const window = '{{args.interval}}';
  return template(
    'success-rate',
    `Share of non-5xx responses of the new pods; passes at >= threshold (default ${t.successRate}). No traffic (NaN) passes.`,
    {
      args: [
        ...identityArgs,
        { name: 'threshold', value: String(t.successRate) },
        { name: 'interval', value: t.interval },
      ],
      metrics: [
        prometheusMetric(settings, t, {
          name: 'success-rate',
          successCondition:
            'isNaN(result[0]) || result[0] >= {{args.threshold}}',
          query: [
            `sum(rate(http_requests_total{${SELECTOR},status!~"5.."}[${window}]))`,
            `/`,
            `sum(rate(http_requests_total{${SELECTOR}}[${window}]))`,
          ].join('\n'),
        }),
      ],
    },
  );
}

export function errorRateTemplate(settings: GeneratorSettings) {
  const t = resolveThresholds(settings);
  const window = '{{args.interval}}';
  return template(
    'error-rate',
    `Share of 5xx responses of the new pods; passes at <= threshold (default ${t.errorRate}). No traffic (NaN) passes.`,
    {
      args: [
        ...identityArgs,
        { name: 'threshold', value: String(t.errorRate) },
        { name: 'interval', value: t.interval },
      ],
      metrics: [
        prometheusMetric(settings, t, {
          name: 'error-rate',
          successCondition:
            'isNaN(result[0]) || result[0] <= {{args.threshold}}',
          query: [
            `sum(rate(http_requests_total{${SELECTOR},status=~"5.."}[${window}]))`,
            `/`,
            `sum(rate(http_requests_total{${SELECTOR}}[${window}]))`,
          ].join('\n'),
        }),
      ],
    },
  );
}

export function latencyP99Template(settings: GeneratorSettings) {
  const t = resolveThresholds(settings);
  return template(
    'latency-p99',
    `99th percentile request latency of the new pods in seconds; passes at <= threshold (default ${t.latencyP99Seconds}). No traffic (NaN) passes.`,
    {
      args: [
        ...identityArgs,
        { name: 'threshold', value: String(t.latencyP99Seconds) },
        { name: 'interval', value: t.interval },
      ],
      metrics: [
        prometheusMetric(settings, t, {
          name: 'latency-p99',
          successCondition:
            'isNaN(result[0]) || result[0] <= {{args.threshold}}',
          query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${SELECTOR}}[{{args.interval}}])))`,
        }),
      ],
    },
  );
}

/**
 * The `canary-judge` template: Argo's `web` provider asks the Gradual judge
 * (contract in canaryJudge.ts) to compare canary and stable pods and reads the
 * score: at least `pass-score` is Successful, below `marginal-score` Failed
 * (the run fails at the first one: failureLimit 0), in between Inconclusive
 * (a second one pauses the rollout for a person). The same scores are sent to
 * the judge, so its `verdict` in the evidence agrees with the measurement.
 * Each check tests at alpha / `count` (`looks`), keeping the false-alarm rate of
 * the whole analysis at alpha.
 */
export function canaryJudgeTemplate(settings: GeneratorSettings) {
  const t = resolveThresholds(settings);
  if (!settings.judge?.url) {
    throw new Error(
      'The canary-judge analysis template needs the judge URL (rollouts.defaults.judge.url)',
    );
  }
  const secret = settings.judge.tokenSecret ?? CANARY_JUDGE_TOKEN_SECRET;
  return template(
    'canary-judge',
    'Statistical comparison of canary and stable pods by the Gradual canary judge; pass promotes, fail aborts, marginal pauses.',
    {
      args: [
        ...identityArgs,
        { name: 'stable-hash' },
        {
          name: 'window',
          value: settings.judge.window ?? DEFAULT_JUDGE_WINDOW,
        },
        { name: 'pass-score', value: String(DEFAULT_JUDGE_PASS_SCORE) },
        { name: 'marginal-score', value: String(DEFAULT_JUDGE_MARGINAL_SCORE) },
        {
          name: 'judge-token',
          valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } },
        },
      ],
      metrics: [
        {
          name: 'canary-judge',
          interval: t.interval,
          count: t.count,
          failureLimit: 0,
          inconclusiveLimit: 1,
          successCondition: 'result >= {{args.pass-score}}',
          failureCondition: 'result < {{args.marginal-score}}',
          provider: {
            web: {
              method: 'GET',
              url: canaryJudgeUrl(settings.judge.url, {
                cluster: settings.cluster ?? 'default',
                namespace: '{{args.namespace}}',
                rollout: '{{args.rollout}}',
                canaryHash: '{{args.canary-hash}}',
                stableHash: '{{args.stable-hash}}',
                window: '{{args.window}}',
                looks: t.count,
                passScore: '{{args.pass-score}}',
                marginalScore: '{{args.marginal-score}}',
              }),
              timeoutSeconds: 20,
              headers: [
                { key: 'Authorization', value: 'Bearer {{args.judge-token}}' },
              ],
              jsonPath: CANARY_JUDGE_JSON_PATH,
            },
          },
        },
      ],
    },
  );
}

/** Builds one built-in template by name. */
export function buildAnalysisTemplate(
  name: BuiltInAnalysisTemplateName,
  settings: GeneratorSettings,
): KubernetesObject {
  switch (name) {
    case 'success-rate':
      return successRateTemplate(settings);
    case 'error-rate':
      return errorRateTemplate(settings);
    case 'latency-p99':
      return latencyP99Template(settings);
    case 'canary-judge':
      return canaryJudgeTemplate(settings);
    default:
      throw new Error(`Unknown analysis template ${name satisfies never}`);
  }
}
