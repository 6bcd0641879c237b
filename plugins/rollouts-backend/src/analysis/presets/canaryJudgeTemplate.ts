export interface CanaryJudgeTemplateOptions {
  /** The judge's URL as the Argo controller reaches Backstage, e.g. `http://backstage.backstage.svc:7007/api/rollouts/analysis/judge`. */
  judgeUrl: string;
  /** The Backstage cluster name the judge queries Prometheus for. */
  cluster: string;
  /** Secret holding the external-access token (key `token`). Default `gradual-canary-judge`. */
  tokenSecretName?: string;
  /** Template name. Default `gradual-canary-judge`. */
  name?: string;
  /** Checks per analysis (each at `interval`); the judge spends α over them. Default 5. */
  count?: number;
  /** Time between checks and the judged window. Default `1m` and `5m`. */
  interval?: string;
  window?: string;
  /** Score that passes a check. Default 75 (Kayenta's marginal threshold). */
  minScore?: number;
}

/**
 * The AnalysisTemplate that gates a canary on Gradual's judge through Argo's
 * `web` provider: `jsonPath: {$.score}` and `successCondition: result >= 75`.
 * A rollout passes `canary-hash` (podTemplateHashValue: Latest) and
 * `stable-hash` (podTemplateHashValue: Stable), plus `namespace` and `rollout`.
 */
export function canaryJudgeAnalysisTemplate(
  options: CanaryJudgeTemplateOptions,
) {
  const count = options.count ?? 5;
  const query = [
    `cluster=${encodeURIComponent(options.cluster)}`,
    'namespace={{args.namespace}}',
    'rollout={{args.rollout}}',
    'canaryHash={{args.canary-hash}}',
    'stableHash={{args.stable-hash}}',
    `window=${options.window ?? '5m'}`,
    `looks=${count}`,
  ].join('&');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: options.name ?? 'gradual-canary-judge' },
    spec: {
      args: [
        { name: 'namespace' },
        { name: 'rollout' },
        { name: 'canary-hash' },
        { name: 'stable-hash' },
        {
          name: 'judge-token',
          valueFrom: {
            secretKeyRef: {
              name: options.tokenSecretName ?? 'gradual-canary-judge',
              key: 'token',
            },
          },
        },
      ],
      metrics: [
        {
          name: 'canary-judge',
          initialDelay: options.interval ?? '1m',
          interval: options.interval ?? '1m',
          count,
          failureLimit: 0,
          successCondition: `result >= ${options.minScore ?? 75}`,
          provider: {
            web: {
              url: `${options.judgeUrl}?${query}`,
              headers: [
                { key: 'Authorization', value: 'Bearer {{args.judge-token}}' },
              ],
              jsonPath: '{$.score}',
              timeoutSeconds: 20,
            },
          },
        },
      ],
    },
  };
}
