import { InputError } from '@backstage/errors';
import type { CanaryJudgeParams } from '@gradual/plugin-rollouts-common';
import {
  AnalysisConfig,
  JudgeMetricConfig,
  PrometheusTarget,
} from '../config/analysisConfig';
import {
  PrometheusClient,
  parseSampleValue,
} from '../prometheus/PrometheusClient';
import { JudgeMetricData, Judgement, judgeCanary } from './judge';
import { parseDurationSeconds } from './duration';

/** Reads a rollout's current (canary) and stable pod-template hashes. */
export type ResolveRolloutHashes = (
  cluster: string,
  namespace: string,
  rollout: string,
) => Promise<{ canaryHash?: string; stableHash?: string } | undefined>;

/** Parameters of one judgement: the shared contract with the judge AnalysisTemplate. */
export type JudgeRequest = CanaryJudgeParams;

export interface JudgeResponse extends Judgement {
  cluster: string;
  namespace: string;
  rollout: string;
  canaryHash: string;
  stableHash: string;
  windowSeconds: number;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const POD_TEMPLATE_HASH = /^[a-z0-9]{1,32}$/;
/** Prometheus refuses more than 11,000 points per series. */
const MAX_POINTS = 11000;

function fill(query: string, values: Record<string, string>): string {
  return query.replace(
    /\{\{\s*(\w+)\s*\}\}/g,
    (tag, key: string) => values[key] ?? tag,
  );
}

function checkNumber(
  value: number | undefined,
  name: string,
  min: number,
  max: number,
) {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new InputError(`${name} must be a number from ${min} to ${max}`);
  }
  return value;
}

/**
 * The canary judge: reads error counts and latency samples of the canary and
 * stable pods (by `rollouts_pod_template_hash`) from the cluster's configured
 * Prometheus and hands them to {@link judgeCanary}. All label values placed in
 * the queries are validated against Kubernetes' name syntax first.
 */
export class CanaryJudgeService {
  constructor(
    private readonly options: {
      config: AnalysisConfig;
      resolveRolloutHashes?: ResolveRolloutHashes;
      clientFor?: (target: PrometheusTarget) => PrometheusClient;
      now?: () => Date;
    },
  ) {}

  private client(cluster: string): PrometheusClient {
    const target = this.options.config.prometheus.get(cluster);
    if (!target)
      throw new InputError(
        `No Prometheus is configured for cluster ${cluster}`,
      );
    return (
      this.options.clientFor?.(target) ??
      new PrometheusClient({ baseUrl: target.url, timeoutMs: target.timeoutMs })
    );
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const { cluster, namespace, rollout } = request;
    if (typeof cluster !== 'string' || cluster === '')
      throw new InputError('cluster is required');
    if (!DNS_LABEL.test(namespace ?? ''))
      throw new InputError('namespace must be a Kubernetes namespace name');
    if (!DNS_SUBDOMAIN.test(rollout ?? ''))
      throw new InputError('rollout must be a Kubernetes object name');
    const prometheus = this.client(cluster);
    const overrides = Object.fromEntries(
      Object.entries({
        looks: checkNumber(request.looks, 'looks', 1, 10000),
        alpha: checkNumber(request.alpha, 'alpha', 1e-6, 0.5),
        passScore: checkNumber(request.passScore, 'passScore', 0, 100),
        marginalScore: checkNumber(
          request.marginalScore,
          'marginalScore',
          0,
          100,
        ),
      }).filter(([, v]) => v !== undefined),
    );

    let { canaryHash, stableHash } = request;
    if (!canaryHash || !stableHash) {
      const resolved = await this.options.resolveRolloutHashes?.(
        cluster,
        namespace,
        rollout,
      );
      if (!resolved) {
        throw new InputError(
          `Pass canaryHash and stableHash, or name a rollout known in cluster ${cluster}`,
        );
      }
      canaryHash ??= resolved.canaryHash;
      stableHash ??= resolved.stableHash;
    }
    for (const [name, hash] of [
      ['canaryHash', canaryHash],
      ['stableHash', stableHash],
    ] as const) {
      if (!hash || !POD_TEMPLATE_HASH.test(hash)) {
        throw new InputError(
          `${name} must be a pod-template-hash (lower-case letters and digits)`,
        );
      }
    }
    if (canaryHash === stableHash) {
      throw new InputError(
        'canaryHash and stableHash are the same: there is no canary to judge',
      );
    }

    const judgeConfig = this.options.config.judge;
    const windowSeconds =
      request.window === undefined
        ? judgeConfig.windowSeconds
        : parseDurationSeconds(request.window);
    const stepSeconds = judgeConfig.stepSeconds;
    if (
      windowSeconds < stepSeconds ||
      windowSeconds / stepSeconds > MAX_POINTS ||
      windowSeconds > 86400
    ) {
      throw new InputError(`window must be from ${stepSeconds}s to 24h`);
    }
    const end = this.options.now?.() ?? new Date();
    const start = new Date(end.getTime() - windowSeconds * 1000);

    const metrics = await Promise.all(
      judgeConfig.metrics.map(metric =>
        this.collect(
          prometheus,
          metric,
          {
            namespace,
            rollout,
            canaryHash: canaryHash!,
            stableHash: stableHash!,
          },
          {
            windowSeconds,
            stepSeconds,
            start,
            end,
          },
        ),
      ),
    );
    const judgement = judgeCanary(metrics, {
      ...judgeConfig.options,
      ...overrides,
    });
    return {
      cluster,
      namespace,
      rollout,
      canaryHash: canaryHash!,
      stableHash: stableHash!,
      windowSeconds,
      ...judgement,
    };
  }

  private async collect(
    prometheus: PrometheusClient,
    metric: JudgeMetricConfig,
    target: {
      namespace: string;
      rollout: string;
      canaryHash: string;
      stableHash: string;
    },
    range: {
      windowSeconds: number;
      stepSeconds: number;
      start: Date;
      end: Date;
    },
  ): Promise<JudgeMetricData> {
    const values = (hash: string) => ({
      namespace: target.namespace,
      rollout: target.rollout,
      hash,
      window: `${range.windowSeconds}s`,
      step: `${range.stepSeconds}s`,
    });
    const common = {
      name: metric.name,
      critical: metric.critical,
      weight: metric.weight,
    };
    if (metric.kind === 'errorRatio') {
      const count = async (query: string, hash: string) => {
        const { value } = await prometheus.query(fill(query, values(hash)), {
          time: range.end,
        });
        if (value.resultType === 'scalar') return parseSampleValue(value.value);
        if (value.resultType === 'vector') {
          return value.values.reduce(
            (sum, v) => sum + (parseSampleValue(v) || 0),
            0,
          );
        }
        throw new Error(
          `metric ${metric.name}: the query must return a vector or a scalar`,
        );
      };
      const arm = async (hash: string) => {
        const [errors, total] = await Promise.all([
          count(metric.errorsQuery, hash),
          count(metric.totalQuery, hash),
        ]);
        return {
          errors: Math.max(0, errors || 0),
          total: Math.max(0, total || 0),
        };
      };
      const [canary, stable] = await Promise.all([
        arm(target.canaryHash),
        arm(target.stableHash),
      ]);
      return {
        ...common,
        kind: 'errorRatio',
        canary,
        stable,
        minAbsoluteIncrease: metric.minAbsoluteIncrease,
        minRelativeIncrease: metric.minRelativeIncrease,
      };
    }
    const samples = async (hash: string) => {
      const { value } = await prometheus.queryRange(
        fill(metric.query, values(hash)),
        {
          start: range.start,
          end: range.end,
          stepSeconds: range.stepSeconds,
        },
      );
      if (value.resultType !== 'matrix') {
        throw new Error(
          `metric ${metric.name}: the range query must return a matrix`,
        );
      }
      return value.series.flat().map(parseSampleValue);
    };
    const [canary, stable] = await Promise.all([
      samples(target.canaryHash),
      samples(target.stableHash),
    ]);
    return {
      ...common,
      kind: 'latency',
      canary,
      stable,
      minRelativeShift: metric.minRelativeShift,
      minAbsoluteShift: metric.minAbsoluteShift,
    };
  }
}
