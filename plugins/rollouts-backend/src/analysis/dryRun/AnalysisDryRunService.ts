import { InputError } from '@backstage/errors';
import { AnalysisConfig, PrometheusTarget } from '../config/analysisConfig';
import { CanaryJudgeService } from '../judge/CanaryJudgeService';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import { mergeArgs, resolveMetric } from '../template/resolveArgs';
import { readDryRunTemplate, validateDryRunRequest } from './dryRunRequest';
import {
  DryRunRequest,
  DryRunResponse,
  GetAnalysisTemplate,
} from './dryRunTypes';
import { headerOnlySecretArgs } from './headerOnlySecretArgs';
import { planMetric } from './planMetric';
import { runMetric } from './runMetric';

export type {
  DryRunMetricResult,
  DryRunRequest,
  DryRunResponse,
  GetAnalysisTemplate,
} from './dryRunTypes';

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
    const { cluster, args } = validateDryRunRequest(request);
    const target = this.options.config.prometheus.get(cluster);
    if (!target)
      throw new InputError(
        `No Prometheus is configured for cluster ${cluster}`,
      );

    const spec = await readDryRunTemplate(
      request,
      this.options.getAnalysisTemplate,
    );
    const values = mergeArgs(spec, [
      ...args,
      ...headerOnlySecretArgs(spec, args),
    ]);
    const plans = spec.metrics.map(m =>
      planMetric(
        resolveMetric(m, values),
        target,
        this.options.config.judge.urls,
      ),
    );
    const client =
      this.options.clientFor?.(target) ??
      new PrometheusClient({
        baseUrl: target.url,
        timeoutMs: target.timeoutMs,
      });
    const context = { client, judge: this.options.judge, cluster };
    return {
      metrics: await Promise.all(plans.map(plan => runMetric(plan, context))),
    };
  }
}
