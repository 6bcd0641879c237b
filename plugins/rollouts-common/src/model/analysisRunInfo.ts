import type {
  AnalysisPhase,
  AnalysisRunSummary,
  MeasurementInfo,
  MetricInfo,
} from '../types';
import type { KubeObject } from './kubeObjects';
import { parseTime } from './kubeObjects';
import {
  JOB_NAMESPACE_METADATA_KEY,
  JOB_NAME_METADATA_KEY,
  ROLLOUT_TYPE_LABEL,
  intOrStringValue,
  ownerUid,
  parseRevision,
} from './conventions';

/** Argo's defaults (`utils/defaults`): failureLimit 0, inconclusiveLimit 0, consecutiveErrorLimit 4. */
export const DEFAULT_FAILURE_LIMIT = 0;
export const DEFAULT_INCONCLUSIVE_LIMIT = 0;
export const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

const RUN_KINDS: Record<string, string> = {
  Background: 'background',
  Step: 'step',
  PrePromotion: 'prePromotion',
  PostPromotion: 'postPromotion',
};

/** Which part of a rollout created the run: step | background | prePromotion | postPromotion | experiment | unknown */
export function analysisRunKind(run: KubeObject): string {
  const type = run.metadata.labels?.[ROLLOUT_TYPE_LABEL];
  if (type && RUN_KINDS[type]) {
    return RUN_KINDS[type];
  }
  if (
    (run.metadata.ownerReferences ?? []).some(ref => ref.kind === 'Experiment')
  ) {
    return 'experiment';
  }
  return 'unknown';
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The provider's type and its most telling settings (address, query, url, jsonPath). */
export function describeProvider(provider: any): MetricInfo['provider'] {
  if (!provider || typeof provider !== 'object') {
    return { type: 'unknown' };
  }
  const [type] = Object.keys(provider);
  if (!type) {
    return { type: 'unknown' };
  }
  const settings = provider[type] ?? {};
  if (type === 'plugin') {
    const [pluginName] = Object.keys(settings);
    return { type: pluginName ? `plugin:${pluginName}` : 'plugin' };
  }
  const query =
    stringValue(settings.query) ??
    (settings.queries && typeof settings.queries === 'object'
      ? Object.entries(settings.queries)
          .map(([name, q]) => `${name}: ${q}`)
          .join('\n')
      : undefined);
  const result: MetricInfo['provider'] = { type };
  const address = stringValue(settings.address);
  const url = stringValue(settings.url);
  const jsonPath = stringValue(settings.jsonPath);
  if (address) result.address = address;
  if (query) result.query = query;
  if (url) result.url = url;
  if (jsonPath) result.jsonPath = jsonPath;
  return result;
}

function measurementInfo(m: any): MeasurementInfo {
  const info: MeasurementInfo = { phase: m?.phase ?? 'Pending' };
  if (m?.value !== undefined && m?.value !== null) info.value = String(m.value);
  if (m?.message) info.message = m.message;
  if (m?.startedAt) info.startedAt = m.startedAt;
  if (m?.finishedAt) info.finishedAt = m.finishedAt;
  const jobName = m?.metadata?.[JOB_NAME_METADATA_KEY];
  if (jobName) info.jobName = jobName;
  return info;
}

/**
 * Argo keeps `{{args.x}}` in the run's stored spec and substitutes it per
 * measurement; queries, URLs and conditions are shown resolved with the run's literal arg
 * values (`spec.args[].value`; values from Secrets are never in the spec).
 */
function resolveArgs(text: string, args: Map<string, string>): string {
  return text.replace(/\{\{\s*args\.([\w.-]+)\s*\}\}/g, (tag, name: string) =>
    args.has(name) ? args.get(name)! : tag,
  );
}

function metricInfo(
  metric: any,
  result: any | undefined,
  args: Map<string, string> = new Map(),
): MetricInfo {
  const info: MetricInfo = {
    name: metric?.name ?? result?.name ?? '',
    phase: result?.phase ?? 'Pending',
    failureLimit:
      intOrStringValue(metric?.failureLimit) ?? DEFAULT_FAILURE_LIMIT,
    inconclusiveLimit:
      intOrStringValue(metric?.inconclusiveLimit) ?? DEFAULT_INCONCLUSIVE_LIMIT,
    consecutiveErrorLimit:
      intOrStringValue(metric?.consecutiveErrorLimit) ??
      DEFAULT_CONSECUTIVE_ERROR_LIMIT,
    provider: describeProvider(metric?.provider),
    counts: {
      measured: result?.count ?? 0,
      successful: result?.successful ?? 0,
      failed: result?.failed ?? 0,
      inconclusive: result?.inconclusive ?? 0,
      error: result?.error ?? 0,
      consecutiveError: result?.consecutiveError ?? 0,
    },
    measurements: (result?.measurements ?? []).map(measurementInfo),
  };
  if (result?.message) info.message = result.message;
  // The query and URL as they were run, not the template's placeholders.
  if (info.provider.query)
    info.provider.query = resolveArgs(info.provider.query, args);
  if (info.provider.url)
    info.provider.url = resolveArgs(info.provider.url, args);
  if (typeof metric?.successCondition === 'string')
    info.successCondition = resolveArgs(metric.successCondition, args);
  if (typeof metric?.failureCondition === 'string')
    info.failureCondition = resolveArgs(metric.failureCondition, args);
  const count = intOrStringValue(metric?.count);
  if (count !== undefined) info.count = count;
  if (metric?.interval) info.interval = metric.interval;
  const consecutiveSuccessLimit = intOrStringValue(
    metric?.consecutiveSuccessLimit,
  );
  if (consecutiveSuccessLimit !== undefined)
    info.consecutiveSuccessLimit = consecutiveSuccessLimit;
  if (result?.dryRun) info.dryRun = true;
  return info;
}

/** Summary of one AnalysisRun: metrics with effective limits, counters, measurements and Job children. */
export function summarizeAnalysisRun(run: KubeObject): AnalysisRunSummary {
  const specMetrics: any[] = run.spec?.metrics ?? [];
  const results: any[] = run.status?.metricResults ?? [];
  const resultsByName = new Map(results.map(r => [r?.name, r]));
  const args = new Map<string, string>(
    (Array.isArray(run.spec?.args) ? run.spec.args : []).flatMap((a: any) =>
      typeof a?.name === 'string' && typeof a?.value === 'string'
        ? [[a.name, a.value] as [string, string]]
        : [],
    ),
  );
  const metrics = specMetrics.map(m =>
    metricInfo(m, resultsByName.get(m?.name), args),
  );
  const specNames = new Set(specMetrics.map(m => m?.name));
  for (const result of results) {
    if (!specNames.has(result?.name)) {
      metrics.push(metricInfo(undefined, result));
    }
  }

  const jobs: NonNullable<AnalysisRunSummary['jobs']> = [];
  for (const result of results) {
    for (const m of result?.measurements ?? []) {
      const jobName = m?.metadata?.[JOB_NAME_METADATA_KEY];
      if (jobName !== undefined) {
        jobs.push({
          name: jobName,
          namespace:
            m.metadata[JOB_NAMESPACE_METADATA_KEY] ??
            run.metadata.namespace ??
            '',
          phase: m.phase ?? 'Pending',
          metric: result.name,
          ...(m.startedAt ? { startedAt: m.startedAt } : {}),
        });
      }
    }
  }

  const revision = parseRevision(run);
  const summary: AnalysisRunSummary = {
    name: run.metadata.name,
    namespace: run.metadata.namespace ?? '',
    phase: (run.status?.phase || 'Pending') as AnalysisPhase,
    revision,
    kind: analysisRunKind(run),
    createdAt: run.metadata.creationTimestamp,
    metrics,
    jobs,
  };
  if (run.status?.message) summary.message = run.status.message;
  if (run.status?.startedAt) summary.startedAt = run.status.startedAt;
  if (run.status?.completedAt) summary.completedAt = run.status.completedAt;
  return summary;
}

/** Counters summed over the run's metric results (what `get rollout` prints as `✔ n,✖ n,? n,⚠ n`). */
export function analysisRunCounts(run: AnalysisRunSummary): {
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
} {
  return run.metrics.reduce(
    (acc, m) => ({
      successful: acc.successful + m.counts.successful,
      failed: acc.failed + m.counts.failed,
      inconclusive: acc.inconclusive + m.counts.inconclusive,
      error: acc.error + m.counts.error,
    }),
    { successful: 0, failed: 0, inconclusive: 0, error: 0 },
  );
}

/**
 * `getAnalysisRunInfo`: the runs owned (by UID) by `owner`, sorted by revision
 * (newest first), then creation time (oldest first), then name (descending).
 */
export function getAnalysisRunSummaries(
  owner: string | undefined,
  allAnalysisRuns: KubeObject[],
): AnalysisRunSummary[] {
  if (!owner) {
    return [];
  }
  const owners = new Set([owner]);
  return allAnalysisRuns
    .filter(run => ownerUid(run, owners) !== undefined)
    .map(summarizeAnalysisRun)
    .sort((a, b) => {
      if (a.revision !== b.revision)
        return (b.revision ?? 0) - (a.revision ?? 0);
      const ta = parseTime(a.createdAt) ?? 0;
      const tb = parseTime(b.createdAt) ?? 0;
      if (ta !== tb) return ta - tb;
      if (a.name === b.name) return 0;
      return a.name > b.name ? -1 : 1;
    });
}
