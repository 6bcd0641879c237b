import { Config } from '@backstage/config';
import { CANARY_JUDGE_PATH } from '@gradual/plugin-rollouts-common';
import { JudgeOptions } from '../judge/judge';

/** Where the dry-run and the judge reach a cluster's Prometheus: configuration only. */
export interface PrometheusTarget {
  cluster: string;
  /** The URL Gradual's backend queries. */
  url: string;
  /**
   * Addresses an AnalysisTemplate may name for this same Prometheus (e.g. the
   * in-cluster service address the Argo controller uses). A metric naming one
   * of them, or `url`, is accepted and still queried at `url`; any other
   * address is refused.
   */
  aliases: string[];
  /** Upper bound of one query, in milliseconds. */
  timeoutMs: number;
}

/** One judge metric's queries. Placeholders: {{namespace}} {{rollout}} {{hash}} {{window}} {{step}}. */
export type JudgeMetricConfig =
  | {
      name: string;
      kind: 'errorRatio';
      /** Instant query: errors of the pods with hash {{hash}} over {{window}}. */
      errorsQuery: string;
      /** Instant query: all requests of the pods with hash {{hash}} over {{window}}. */
      totalQuery: string;
      critical?: boolean;
      weight?: number;
      minAbsoluteIncrease?: number;
      minRelativeIncrease?: number;
    }
  | {
      name: string;
      kind: 'latency';
      /** Range query over the window, one sample per {{step}}. */
      query: string;
      critical?: boolean;
      weight?: number;
      minRelativeShift?: number;
      minAbsoluteShift?: number;
    };

export interface JudgeConfig {
  /** URLs under which Argo's web provider reaches the judge; dry-run runs such web metrics in-process. */
  urls: string[];
  windowSeconds: number;
  stepSeconds: number;
  options: JudgeOptions;
  metrics: JudgeMetricConfig[];
}

export interface AnalysisConfig {
  prometheus: Map<string, PrometheusTarget>;
  judge: JudgeConfig;
}

export const DEFAULT_QUERY_TIMEOUT_SECONDS = 10;
export const JUDGE_PATH = CANARY_JUDGE_PATH;

const SELECTOR =
  'namespace="{{namespace}}",rollout="{{rollout}}",rollouts_pod_template_hash="{{hash}}"';

/** The judge's default metrics: the demo exporter's (and many services') conventional names. */
export const DEFAULT_JUDGE_METRICS: JudgeMetricConfig[] = [
  {
    name: 'error-ratio',
    kind: 'errorRatio',
    critical: true,
    errorsQuery: `sum(increase(http_requests_total{${SELECTOR},status=~"5.."}[{{window}}])) or vector(0)`,
    totalQuery: `sum(increase(http_requests_total{${SELECTOR}}[{{window}}])) or vector(0)`,
  },
  {
    name: 'latency-p99',
    kind: 'latency',
    query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${SELECTOR}}[{{step}}])))`,
  },
];

function readPrometheus(c: Config, cluster: string): PrometheusTarget {
  const url = c.getString('url').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) {
    throw new Error(`Prometheus url of cluster '${cluster}' must be http(s)`);
  }
  return {
    cluster,
    url,
    aliases: (c.getOptionalStringArray('aliases') ?? []).map(a =>
      a.replace(/\/+$/, ''),
    ),
    timeoutMs:
      1000 *
      (c.getOptionalNumber('timeoutSeconds') ?? DEFAULT_QUERY_TIMEOUT_SECONDS),
  };
}

function readJudgeMetric(c: Config): JudgeMetricConfig {
  const kind = c.getString('kind');
  const common = {
    name: c.getString('name'),
    critical: c.getOptionalBoolean('critical'),
    weight: c.getOptionalNumber('weight'),
  };
  if (kind === 'errorRatio') {
    return {
      ...common,
      kind,
      errorsQuery: c.getString('errorsQuery'),
      totalQuery: c.getString('totalQuery'),
      minAbsoluteIncrease: c.getOptionalNumber('minAbsoluteIncrease'),
      minRelativeIncrease: c.getOptionalNumber('minRelativeIncrease'),
    };
  }
  if (kind === 'latency') {
    return {
      ...common,
      kind,
      query: c.getString('query'),
      minRelativeShift: c.getOptionalNumber('minRelativeShift'),
      minAbsoluteShift: c.getOptionalNumber('minAbsoluteShift'),
    };
  }
  throw new Error(
    `rollouts.analysis.judge.metrics: unknown kind '${kind}' (errorRatio or latency)`,
  );
}

/**
 * Reads the analysis settings:
 * - Prometheus per cluster from `rollouts.clusters[].prometheus` and
 *   `rollouts.analysis.prometheus[]` (`{ cluster, url, aliases?, timeoutSeconds? }`),
 *   the cluster entry winning;
 * - the judge from `rollouts.analysis.judge`.
 */
export function readAnalysisConfig(config: Config): AnalysisConfig {
  const prometheus = new Map<string, PrometheusTarget>();
  for (const c of config.getOptionalConfigArray(
    'rollouts.analysis.prometheus',
  ) ?? []) {
    const cluster = c.getString('cluster');
    prometheus.set(cluster, readPrometheus(c, cluster));
  }
  for (const c of config.getOptionalConfigArray('rollouts.clusters') ?? []) {
    const p = c.getOptionalConfig('prometheus');
    if (p)
      prometheus.set(
        c.getString('name'),
        readPrometheus(p, c.getString('name')),
      );
  }

  const judge = config.getOptionalConfig('rollouts.analysis.judge');
  const baseUrl = config
    .getOptionalString('backend.baseUrl')
    ?.replace(/\/+$/, '');
  const urls = [
    ...(baseUrl ? [`${baseUrl}${JUDGE_PATH}`] : []),
    ...(judge?.getOptionalStringArray('urls') ?? []),
  ];
  return {
    prometheus,
    judge: {
      urls,
      windowSeconds: judge?.getOptionalNumber('windowSeconds') ?? 300,
      stepSeconds: judge?.getOptionalNumber('stepSeconds') ?? 15,
      options: {
        alpha: judge?.getOptionalNumber('alpha'),
        passScore: judge?.getOptionalNumber('passScore'),
        marginalScore: judge?.getOptionalNumber('marginalScore'),
        minLatencySamples: judge?.getOptionalNumber('minLatencySamples'),
      },
      metrics: judge?.has('metrics')
        ? judge.getConfigArray('metrics').map(readJudgeMetric)
        : DEFAULT_JUDGE_METRICS,
    },
  };
}
