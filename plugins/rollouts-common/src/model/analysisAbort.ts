/*
 * The one sentence saying why the controller aborted an update because of
 * analysis: which metric, what it measured, against which condition and by
 * how much. Shared by the Rollouts tab (banner) and the backend's
 * notification, so both say the same thing.
 */
import type {
  AnalysisRunSummary,
  MeasurementInfo,
  MetricInfo,
  RolloutSummary,
} from '../types';

/** A comparison against a constant, parsed from a simple Argo condition. */
export interface ConditionThreshold {
  operator: '<' | '<=' | '>' | '>=' | '==';
  value: number;
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';
const RESULT = 'result(?:\\[0\\])?';
const OP = '(<=|>=|==|<|>)';
const RESULT_FIRST = new RegExp(`^\\s*${RESULT}\\s*${OP}\\s*${NUMBER}\\s*$`);
const NUMBER_FIRST = new RegExp(`^\\s*${NUMBER}\\s*${OP}\\s*${RESULT}\\s*$`);
/** The "no data passes" guards the seed templates put around a comparison. */
const GUARD =
  /^\s*(?:isNaN\(\s*result(?:\[0\])?\s*\)|len\(\s*result\s*\)\s*==\s*0|isNil\(\s*result\s*\))\s*$/;

const FLIPPED: Record<
  ConditionThreshold['operator'],
  ConditionThreshold['operator']
> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==' };

/**
 * Parses `result[0] >= 0.99`, `result < 0.5` or `0.99 <= result[0]` into a
 * threshold. With `allowGuards`, a comparison or-ed with a no-data guard
 * (`isNaN(result[0]) || result[0] <= 0.01`, `len(result) == 0 || …`) counts
 * too. Anything more complex yields undefined.
 */
export function parseThreshold(
  condition?: string,
  options: { allowGuards?: boolean } = {},
): ConditionThreshold | undefined {
  if (!condition) return undefined;
  let comparison = condition;
  if (options.allowGuards && condition.includes('||')) {
    const parts = condition.split('||');
    const rest = parts.filter(p => !GUARD.test(p));
    if (parts.length !== 2 || rest.length !== 1) return undefined;
    comparison = rest[0];
  }
  let match = RESULT_FIRST.exec(comparison);
  if (match) {
    return {
      operator: match[1] as ConditionThreshold['operator'],
      value: Number(match[2]),
    };
  }
  match = NUMBER_FIRST.exec(comparison);
  if (match) {
    return {
      operator: FLIPPED[match[2] as ConditionThreshold['operator']],
      value: Number(match[1]),
    };
  }
  return undefined;
}

/**
 * The first number in a measurement value as Argo stores it: "0.99",
 * "[0.99]", "[0.99 0.98]"; undefined when there is no finite number.
 */
export function parseMeasurementValue(value?: string): number | undefined {
  if (value === undefined) return undefined;
  const match = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NaN/.exec(value);
  if (!match || match[0] === 'NaN') return undefined;
  const n = Number(match[0]);
  return Number.isFinite(n) ? n : undefined;
}

/** Formats a number compactly (at most 4 significant digits). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}

export interface AnalysisAbortExplanation {
  /** e.g. "Aborted by analysis: error-rate measured 0.15 (0.14 above the threshold 0.01), success condition result[0] <= 0.01 (run user-service-abc-2)." */
  sentence: string;
  analysisRun: string;
  metric?: string;
  /** The deciding measurement's value, as Argo recorded it. */
  value?: string;
  /** The condition the sentence quotes. */
  condition?: string;
}

const BAD = ['Failed', 'Error'];

function decidingMeasurement(metric: MetricInfo): MeasurementInfo | undefined {
  return [...metric.measurements].reverse().find(m => BAD.includes(m.phase));
}

function limitsText(metric: MetricInfo, phase: string): string {
  if (phase === 'Error') {
    return `${
      metric.counts.consecutiveError || metric.counts.error
    } errors, limit ${metric.consecutiveErrorLimit}`;
  }
  const n = metric.counts.failed;
  return `${n} failed measurement${n === 1 ? '' : 's'}, limit ${
    metric.failureLimit
  }`;
}

/**
 * One sentence: which metric failed, what it measured, the condition and by
 * how much, and the run. `abort` is `RolloutSummary.abortedByAnalysis`;
 * `runs` the rollout's analysis runs (those of experiments included), to find
 * the measurement. Without the run's details the controller's message is used.
 */
export function explainAnalysisAbort(
  abort: NonNullable<RolloutSummary['abortedByAnalysis']>,
  runs: AnalysisRunSummary[],
): AnalysisAbortExplanation {
  const base = { analysisRun: abort.analysisRun };
  const run = runs.find(r => r.name === abort.analysisRun);
  const metric =
    run?.metrics.find(m => m.name === abort.metric) ??
    run?.metrics.find(m => BAD.includes(m.phase) && !m.dryRun);
  if (!metric) {
    const what = abort.metric ? `: metric ${abort.metric} failed` : '';
    const why = abort.message ? `: ${abort.message.replace(/\.$/, '')}` : '';
    return {
      ...base,
      ...(abort.metric ? { metric: abort.metric } : {}),
      sentence: `Aborted by analysis${what} (run ${abort.analysisRun})${why}.`,
    };
  }
  const measurement = decidingMeasurement(metric);
  const phase = measurement?.phase ?? metric.phase;
  const counts = limitsText(metric, phase);
  if (phase === 'Error') {
    const why = measurement?.message ?? metric.message ?? abort.message;
    return {
      ...base,
      metric: metric.name,
      sentence: `Aborted by analysis: ${metric.name} could not be measured${
        why ? ` (${why})` : ''
      } (run ${abort.analysisRun}; ${counts}).`,
    };
  }
  // With both conditions Argo lets the failure condition decide.
  const useFailure = Boolean(metric.failureCondition);
  const condition = useFailure
    ? metric.failureCondition!
    : metric.successCondition;
  const raw = measurement?.value;
  const number = parseMeasurementValue(raw);
  let measured = '';
  if (number !== undefined) {
    measured = ` measured ${formatNumber(number)}`;
    const threshold = parseThreshold(condition, { allowGuards: true });
    if (threshold && threshold.value !== number) {
      const diff = Math.abs(number - threshold.value);
      const side = number > threshold.value ? 'above' : 'below';
      measured += ` (${formatNumber(diff)} ${side} the threshold ${formatNumber(
        threshold.value,
      )})`;
    }
  } else if (raw !== undefined && raw !== '') {
    measured = ` measured ${raw}`;
  } else {
    measured = ' failed';
  }
  const conditionText = condition
    ? `, ${useFailure ? 'failure' : 'success'} condition ${condition}`
    : '';
  return {
    ...base,
    metric: metric.name,
    ...(raw !== undefined ? { value: raw } : {}),
    ...(condition ? { condition } : {}),
    sentence: `Aborted by analysis: ${metric.name}${measured}${conditionText} (run ${abort.analysisRun}; ${counts}).`,
  };
}

/** The id of an AnalysisRun's section in the Rollouts tab (the sentence's link target). */
export function analysisRunAnchor(name: string): string {
  return `analysis-run-${name}`;
}

/**
 * The app-relative link to an entity's Rollouts tab with a rollout selected
 * (`?rollout=cluster/namespace/name`, the tab's selection parameter) and,
 * optionally, scrolled to an AnalysisRun.
 */
export function rolloutsTabLink(
  entity: { kind: string; namespace?: string; name: string },
  rollout: { cluster: string; namespace: string; name: string },
  analysisRun?: string,
): string {
  const path = [
    'catalog',
    entity.namespace ?? 'default',
    entity.kind.toLocaleLowerCase('en-US'),
    entity.name,
    'rollouts',
  ]
    .map(encodeURIComponent)
    .join('/');
  const params = new URLSearchParams({
    rollout: `${rollout.cluster}/${rollout.namespace}/${rollout.name}`,
  });
  const hash = analysisRun ? `#${analysisRunAnchor(analysisRun)}` : '';
  return `/${path}?${params}${hash}`;
}
