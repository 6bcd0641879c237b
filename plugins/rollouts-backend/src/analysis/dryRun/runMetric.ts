import { InputError } from '@backstage/errors';
import { JSONPath } from 'jsonpath-plus';
import {
  CanaryJudgeParamError,
  parseCanaryJudgeParams,
} from '@gradual/plugin-rollouts-common';
import { ResultValue } from '../expression/evaluateCondition';
import { evaluateResult } from '../expression/evaluateResult';
import { CanaryJudgeService, JudgeRequest } from '../judge/CanaryJudgeService';
import { argoPrometheusResult } from '../prometheus/argoResult';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import { DryRunMetricResult } from './dryRunTypes';
import { isObject } from '../isObject';
import { PlannedMetric } from './planMetric';

/** What running a planned metric needs. */
export interface MetricRunContext {
  client: PrometheusClient;
  judge: CanaryJudgeService;
  cluster: string;
}

/** The judge request a web metric's URL (and JSON body) makes, read with the shared contract. */
export function judgeRequestFrom(
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

/**
 * Takes one measurement of a planned metric and decides its phase with
 * Argo's rules; a failure to measure is an `Error` result, never a throw.
 */
export async function runMetric(
  plan: PlannedMetric,
  { client, judge, cluster }: MetricRunContext,
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
        const judgement = await judge.judge(
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
