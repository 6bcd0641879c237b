import {
  DEFAULT_JUDGE_MARGINAL_SCORE,
  DEFAULT_JUDGE_PASS_SCORE,
} from '@gradual/plugin-rollouts-common';
import {
  cliffsDelta,
  hodgesLehmannShift,
  sampleMedian,
} from '../statistics/effectSize';
import { fisherExactTest } from '../statistics/fisherExact';
import { holmAdjust } from '../statistics/holm';
import { mannWhitneyTest } from '../statistics/mannWhitney';

/** Errors out of requests, summed over the window, for one arm. */
export interface CountSample {
  errors: number;
  total: number;
}

interface MetricBase {
  name: string;
  /** A failed critical metric forces the score to 0 (Kayenta's `critical`). Default false. */
  critical?: boolean;
  /** Weight in the score. Default 1. */
  weight?: number;
}

/** An error ratio, compared with Fisher's exact test on the counts (one-sided: canary worse). */
export interface ErrorRatioMetricData extends MetricBase {
  kind: 'errorRatio';
  canary: CountSample;
  stable: CountSample;
  /** The smallest increase of the error ratio (absolute, 0.005 = half a percentage point) that matters. Default 0.005. */
  minAbsoluteIncrease?: number;
  /** The smallest relative increase of the error ratio that matters (0.25 = +25 %). Default 0.25. */
  minRelativeIncrease?: number;
}

/** A latency series per arm (e.g. p99 per step), compared with the Mann–Whitney test (one-sided: canary slower). */
export interface LatencyMetricData extends MetricBase {
  kind: 'latency';
  canary: number[];
  stable: number[];
  /** The smallest Hodges–Lehmann shift, relative to the stable median, that matters. Default 0.1 (+10 %). */
  minRelativeShift?: number;
  /** The smallest absolute shift (in the metric's unit) that matters. Default 0. */
  minAbsoluteShift?: number;
}

export type JudgeMetricData = ErrorRatioMetricData | LatencyMetricData;

export interface JudgeOptions {
  /** Family-wise false-alarm rate of one check across all metrics. Default 0.05. */
  alpha?: number;
  /**
   * How many times the same canary will be judged (the AnalysisTemplate's
   * `count`). Each check uses α / looks (Bonferroni over looks), so the chance
   * of any false alarm over the whole analysis stays ≤ α. Default 1.
   */
  looks?: number;
  /** Score at or above which the verdict is `pass`. Default 90. */
  passScore?: number;
  /** Score at or above which the verdict is `marginal`. Default 75. */
  marginalScore?: number;
  /** Fewest latency samples per arm for a test. Default 3. */
  minLatencySamples?: number;
}

export type MetricVerdict = 'pass' | 'fail' | 'nodata';
export type Verdict = 'pass' | 'marginal' | 'fail';

export interface ArmSummary {
  /** errorRatio: errors, total, ratio; latency: n, median. */
  [key: string]: number;
}

export interface MetricJudgement {
  name: string;
  test: 'fisher-exact' | 'mann-whitney-exact' | 'mann-whitney-normal' | 'none';
  pValue: number | null;
  adjustedPValue: number | null;
  effectSize: {
    measure: 'ratioIncrease' | 'relativeShift';
    value: number | null;
    threshold: number;
    cliffsDelta?: number;
  };
  canary: ArmSummary;
  stable: ArmSummary;
  verdict: MetricVerdict;
  reason: string;
}

export interface Judgement {
  verdict: Verdict;
  score: number;
  reason: string;
  alphaPerCheck: number;
  metrics: MetricJudgement[];
}

const DEFAULTS = {
  alpha: 0.05,
  looks: 1,
  passScore: DEFAULT_JUDGE_PASS_SCORE,
  marginalScore: DEFAULT_JUDGE_MARGINAL_SCORE,
  minLatencySamples: 3,
  minAbsoluteIncrease: 0.005,
  minRelativeIncrease: 0.25,
  minRelativeShift: 0.1,
  minAbsoluteShift: 0,
};

/** Kayenta's rule: when at least half of the metrics have no data, the score is 0. */
const NODATA_FRACTION_LIMIT = 0.5;

const percent = (x: number) => `${(100 * x).toPrecision(3)} %`;
const formatP = (p: number) =>
  p < 1e-4 ? p.toExponential(1) : p.toPrecision(3);

interface Tested {
  metric: JudgeMetricData;
  test: MetricJudgement['test'];
  pValue: number | null;
  /** Whether the change is large enough to matter (the effect-size guard). */
  relevant: boolean;
  effect: MetricJudgement['effectSize'];
  canary: ArmSummary;
  stable: ArmSummary;
  describeEffect: string;
  noData?: string;
}

/** `change` relative to `base`; any increase over a zero base is infinite. */
function relativeChange(change: number, base: number): number {
  if (base !== 0) return change / Math.abs(base);
  return change > 0 ? Infinity : 0;
}

function testErrorRatio(metric: ErrorRatioMetricData): Tested {
  const arm = ({ errors, total }: CountSample) => ({
    errors: Math.round(errors),
    total: Math.round(total),
    ratio: total > 0 ? errors / total : NaN,
  });
  const canary = arm(metric.canary);
  const stable = arm(metric.stable);
  const minAbsolute =
    metric.minAbsoluteIncrease ?? DEFAULTS.minAbsoluteIncrease;
  const minRelative =
    metric.minRelativeIncrease ?? DEFAULTS.minRelativeIncrease;
  const base = { metric, canary, stable, test: 'fisher-exact' as const };
  if (canary.total <= 0 || stable.total <= 0) {
    return {
      ...base,
      test: 'none',
      pValue: null,
      relevant: false,
      effect: { measure: 'ratioIncrease', value: null, threshold: minRelative },
      describeEffect: '',
      noData: `no requests from the ${
        canary.total <= 0 ? 'canary' : 'stable'
      } pods in the window`,
    };
  }
  const errors = (s: typeof canary) => Math.min(s.errors, s.total);
  const pValue = fisherExactTest(
    {
      a: errors(canary),
      b: canary.total - errors(canary),
      c: errors(stable),
      d: stable.total - errors(stable),
    },
    'greater',
  );
  const difference = canary.ratio - stable.ratio;
  const relativeIncrease = relativeChange(
    canary.ratio - stable.ratio,
    stable.ratio,
  );
  return {
    ...base,
    pValue,
    relevant: difference >= minAbsolute && relativeIncrease >= minRelative,
    effect: {
      measure: 'ratioIncrease',
      value: Number.isFinite(relativeIncrease) ? relativeIncrease : null,
      threshold: minRelative,
    },
    describeEffect:
      `canary error ratio ${percent(canary.ratio)} vs stable ${percent(
        stable.ratio,
      )} ` +
      `(${difference >= 0 ? '+' : ''}${(100 * difference).toPrecision(
        3,
      )} points; ` +
      `minimum that matters: +${(100 * minAbsolute).toPrecision(
        3,
      )} points and +${percent(minRelative)})`,
  };
}

function testLatency(metric: LatencyMetricData, minSamples: number): Tested {
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  const canaryValues = finite(metric.canary);
  const stableValues = finite(metric.stable);
  const canary = { n: canaryValues.length, median: sampleMedian(canaryValues) };
  const stable = { n: stableValues.length, median: sampleMedian(stableValues) };
  const minRelative = metric.minRelativeShift ?? DEFAULTS.minRelativeShift;
  const minAbsolute = metric.minAbsoluteShift ?? DEFAULTS.minAbsoluteShift;
  if (canary.n < minSamples || stable.n < minSamples) {
    return {
      metric,
      canary,
      stable,
      test: 'none',
      pValue: null,
      relevant: false,
      effect: { measure: 'relativeShift', value: null, threshold: minRelative },
      describeEffect: '',
      noData: `fewer than ${minSamples} samples from the ${
        canary.n < minSamples ? 'canary' : 'stable'
      } pods`,
    };
  }
  const result = mannWhitneyTest(canaryValues, stableValues, {
    alternative: 'greater',
  });
  const shift = hodgesLehmannShift(canaryValues, stableValues);
  const relativeShift = relativeChange(shift, stable.median);
  return {
    metric,
    canary,
    stable,
    test:
      result.method === 'exact' ? 'mann-whitney-exact' : 'mann-whitney-normal',
    pValue: result.pValue,
    relevant: relativeShift >= minRelative && shift >= minAbsolute,
    effect: {
      measure: 'relativeShift',
      value: Number.isFinite(relativeShift) ? relativeShift : null,
      threshold: minRelative,
      cliffsDelta: cliffsDelta(canaryValues, stableValues),
    },
    describeEffect:
      `canary median ${canary.median.toPrecision(
        3,
      )} vs stable ${stable.median.toPrecision(3)}, ` +
      `Hodges–Lehmann shift ${shift >= 0 ? '+' : ''}${shift.toPrecision(3)} ` +
      `(${relativeShift >= 0 ? '+' : ''}${percent(
        relativeShift,
      )}; minimum that matters: +${percent(minRelative)})`,
  };
}

/**
 * Judges a canary against the stable pods.
 *
 * 1. Per metric, a one-sided test that the canary is worse: Fisher's exact
 *    test on error counts, the Mann–Whitney test on latency samples (exact
 *    permutation distribution for small samples, normal approximation above).
 * 2. Holm–Bonferroni across the metrics with data, at α / looks per check.
 * 3. The effect-size guard: a metric fails only if it is significant AND its
 *    change is at least the minimum that matters; a significant but tiny
 *    change passes.
 * 4. Kayenta's score: 100 × (weight of passing metrics) / (weight of metrics
 *    with data); a failed critical metric, or no data for at least half of the
 *    metrics, gives 0. Score ≥ passScore → pass, ≥ marginalScore → marginal.
 */
export function judgeCanary(
  metrics: JudgeMetricData[],
  options: JudgeOptions = {},
): Judgement {
  const alpha = options.alpha ?? DEFAULTS.alpha;
  const looks = Math.max(1, Math.floor(options.looks ?? DEFAULTS.looks));
  const passScore = options.passScore ?? DEFAULTS.passScore;
  const marginalScore = options.marginalScore ?? DEFAULTS.marginalScore;
  const minSamples = options.minLatencySamples ?? DEFAULTS.minLatencySamples;
  const alphaPerCheck = alpha / looks;

  const tested = metrics.map(m =>
    m.kind === 'errorRatio' ? testErrorRatio(m) : testLatency(m, minSamples),
  );
  const withData = tested.filter(t => t.pValue !== null);
  const adjusted = holmAdjust(withData.map(t => t.pValue as number));
  const adjustedOf = new Map(withData.map((t, i) => [t, adjusted[i]]));

  const judgements: MetricJudgement[] = tested.map(t => {
    const adjustedPValue = adjustedOf.get(t) ?? null;
    let verdict: MetricVerdict;
    let reason: string;
    if (t.noData || t.pValue === null || adjustedPValue === null) {
      verdict = 'nodata';
      reason = `no data: ${t.noData}`;
    } else {
      const evidence = `p = ${formatP(t.pValue)}, Holm-adjusted ${formatP(
        adjustedPValue,
      )}, α per check ${formatP(alphaPerCheck)}`;
      const significant = adjustedPValue <= alphaPerCheck;
      if (significant && t.relevant) {
        verdict = 'fail';
        reason = `canary worse: ${t.describeEffect}; ${evidence}`;
      } else if (significant) {
        verdict = 'pass';
        reason = `significant but below the minimum that matters (effect-size guard): ${t.describeEffect}; ${evidence}`;
      } else {
        verdict = 'pass';
        reason = `no significant degradation: ${t.describeEffect}; ${evidence}`;
      }
    }
    return {
      name: t.metric.name,
      test: t.test,
      pValue: t.pValue,
      adjustedPValue,
      effectSize: t.effect,
      canary: t.canary,
      stable: t.stable,
      verdict,
      reason,
    };
  });

  const weightOf = (name: string) =>
    metrics.find(m => m.name === name)?.weight ?? 1;
  const scored = judgements.filter(j => j.verdict !== 'nodata');
  const noData = judgements.length - scored.length;
  const criticalFailure = judgements.find(
    (j, i) => j.verdict === 'fail' && metrics[i].critical,
  );

  let score: number;
  let reason: string;
  if (judgements.length === 0) {
    score = 0;
    reason = 'no metrics to judge';
  } else if (noData / judgements.length >= NODATA_FRACTION_LIMIT) {
    score = 0;
    reason = `${noData} of ${judgements.length} metrics have no data`;
  } else if (criticalFailure) {
    score = 0;
    reason = `critical metric ${criticalFailure.name} failed: ${criticalFailure.reason}`;
  } else {
    const total = scored.reduce((s, j) => s + weightOf(j.name), 0);
    const passed = scored
      .filter(j => j.verdict === 'pass')
      .reduce((s, j) => s + weightOf(j.name), 0);
    score = Math.round((10000 * passed) / total) / 100;
    const failed = scored.filter(j => j.verdict === 'fail').map(j => j.name);
    reason = failed.length
      ? `failed: ${failed.join(', ')}`
      : 'no metric degraded';
  }
  let verdict: Verdict = 'fail';
  if (score >= passScore) verdict = 'pass';
  else if (score >= marginalScore) verdict = 'marginal';
  return { verdict, score, reason, alphaPerCheck, metrics: judgements };
}
