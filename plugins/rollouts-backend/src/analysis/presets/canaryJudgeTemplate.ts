import {
  canaryJudgeTemplate,
  CANARY_JUDGE_TOKEN_SECRET,
  DEFAULT_THRESHOLDS,
} from '@gradual/plugin-rollouts-common';

export interface CanaryJudgeTemplateOptions {
  /** The judge's URL as the Argo controller reaches Backstage, e.g. `http://backstage.backstage.svc:7007/api/rollouts/analysis/judge`. */
  judgeUrl: string;
  /** The Backstage cluster name the judge queries Prometheus for. */
  cluster: string;
  /** Secret (in the rollout's namespace) holding the external-access token (key `token`). Default `gradual-canary-judge`. */
  tokenSecretName?: string;
  /** Template name. Default `canary-judge`, the strategy presets' name. */
  name?: string;
  /** Checks per analysis (each at `interval`); the judge spends α over them. Default 5. */
  count?: number;
  /** Time between checks. Default `1m`. */
  interval?: string;
  /** The judged window. Default `5m`. */
  window?: string;
}

/**
 * The AnalysisTemplate that gates a canary on Gradual's judge through Argo's
 * `web` provider — the strategy defaults' `canary-judge` template
 * (`canaryJudgeTemplate` in rollouts-common, one contract with the judge's
 * parameters), with the token sent as `Authorization: Bearer` from a Secret.
 */
export function canaryJudgeAnalysisTemplate(
  options: CanaryJudgeTemplateOptions,
) {
  const template = canaryJudgeTemplate({
    prometheusAddress: '',
    cluster: options.cluster,
    thresholds: {
      count: options.count ?? DEFAULT_THRESHOLDS.count,
      interval: options.interval ?? DEFAULT_THRESHOLDS.interval,
    },
    judge: {
      url: options.judgeUrl,
      window: options.window,
      tokenSecret: {
        ...CANARY_JUDGE_TOKEN_SECRET,
        ...(options.tokenSecretName ? { name: options.tokenSecretName } : {}),
      },
    },
  });
  if (options.name) template.metadata.name = options.name;
  return template;
}
