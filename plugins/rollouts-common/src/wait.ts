/*
 * Waiting for a rollout to reach a state: the semantics of
 * `kubectl argo rollouts status --watch --timeout`, shared by the backend's
 * wait API (`GET …/status?until=…&timeout=…`), the `gradual` CLI and the MCP
 * `wait-rollout` tool.
 *
 * Upstream `status` watches until the phase (`rolloututil.GetRolloutPhase`)
 * is Healthy or Degraded: Healthy exits 0, Degraded exits with "The rollout
 * is in a degraded state with message: …", and the end of `--timeout` with
 * "Rollout status watch exceeded timeout". `until=healthy` is exactly that.
 * Two more targets serve CI gates:
 *
 * - `paused`: the phase is Paused (a canary pause step, a blue-green pause
 *   before promotion, an inconclusive analysis, or `spec.paused`). A rollout
 *   that becomes Healthy instead ends the wait too, not reached: the pause
 *   will not come.
 * - `completed`: Healthy, and no older ReplicaSet still runs pods (the
 *   blue-green / canary scale-down delay is over): the rollout is at rest.
 *
 * A Degraded phase ends every wait (as upstream); `aborted` is a Degraded
 * rollout whose update was aborted (`status.abort`), with the reason and,
 * when an AnalysisRun decided it, the analysis explanation.
 */
import { InputError } from '@backstage/errors';
import type {
  AnalysisPhase,
  RolloutDetail,
  RolloutPhase,
  StepProgress,
} from './types';
import { parseGoDuration } from './model/durations';
import {
  AnalysisAbortExplanation,
  explainAnalysisAbort,
} from './model/analysisAbort';

export const WAIT_TARGETS = ['healthy', 'paused', 'completed'] as const;
export type WaitTarget = (typeof WAIT_TARGETS)[number];

/** Bounds of `timeout` in seconds: a long-poll must end before proxies give up on it. */
export const WAIT_TIMEOUT_SECONDS = { min: 1, max: 3600, default: 300 };

/**
 * How a wait ended: `reached` the target; `degraded` / `aborted` (the update
 * failed or was aborted); `healthy` (waited for a pause, the rollout
 * finished instead); `timeout`.
 */
export type WaitOutcome =
  | 'reached'
  | 'degraded'
  | 'aborted'
  | 'healthy'
  | 'timeout';

/** What a waiting client shows: `step k/N`, weight, analysis. */
export interface RolloutWaitState {
  phase: RolloutPhase;
  message: string;
  strategy: RolloutDetail['strategy'];
  step: StepProgress | null;
  /** Description of the current canary step, e.g. "Pause until promoted". */
  stepDescription?: string;
  setWeight: number | null;
  actualWeight: number | null;
  revision: string;
  paused: boolean;
  aborted: boolean;
  resourceVersion: string;
  /** The current revision's AnalysisRuns, newest first. */
  analysis: Array<{
    name: string;
    kind: string;
    phase: AnalysisPhase;
    message?: string;
  }>;
}

export interface RolloutWaitResult {
  until: WaitTarget;
  outcome: WaitOutcome;
  /** The rollout when the wait ended. */
  state: RolloutWaitState;
  /** Set when the update was aborted: the controller's message and the analysis that decided it. */
  abort?: { reason: string; analysis?: AnalysisAbortExplanation };
  waitedSeconds: number;
}

/**
 * One line of the NDJSON stream (`progress=true`): each change, then the
 * result, or an error that happened after the first line.
 */
export type RolloutWaitEvent =
  | { type: 'progress'; state: RolloutWaitState }
  | { type: 'result'; result: RolloutWaitResult }
  | { type: 'error'; error: { name: string; message: string } };

/** Why a watch stream (`GET …/watch`) ended, after how long. */
export interface RolloutWatchEnd {
  /** `timeout`: the asked duration passed; `closed`: the client went away. */
  reason: 'timeout' | 'closed';
  watchedSeconds: number;
}

/**
 * One NDJSON line of the watch stream: the rollout's detail (first the
 * current one, then one per change), an `end` line at the timeout, or an
 * `error` line (the rollout was deleted).
 */
export type RolloutWatchEvent =
  | { type: 'rollout'; rollout: RolloutDetail }
  | { type: 'end'; end: RolloutWatchEnd }
  | { type: 'error'; error: { name: string; message: string } };

export function isWaitTarget(value: unknown): value is WaitTarget {
  return (WAIT_TARGETS as readonly unknown[]).includes(value);
}

/**
 * `timeout` as whole seconds: an integer (`90`) or a Go duration (`90s`,
 * `5m`, `1h`), within {@link WAIT_TIMEOUT_SECONDS}; InputError otherwise.
 * (Upstream's `--timeout 0` means "forever"; a request cannot be held
 * forever, so 0 is refused.)
 */
export function parseWaitTimeout(raw: unknown): number {
  if (raw === undefined || raw === '') return WAIT_TIMEOUT_SECONDS.default;
  const text = String(raw).trim();
  let seconds: number | undefined;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else {
    const ms = parseGoDuration(text);
    seconds = ms === undefined ? undefined : ms / 1000;
  }
  const { min, max } = WAIT_TIMEOUT_SECONDS;
  if (
    seconds === undefined ||
    !Number.isFinite(seconds) ||
    seconds < min ||
    seconds > max
  ) {
    throw new InputError(
      `timeout must be from ${min}s to ${max}s (seconds or a duration such as 90s, 5m, 1h); got ${JSON.stringify(
        text,
      )}`,
    );
  }
  return Math.ceil(seconds);
}

export function parseWaitTarget(raw: unknown): WaitTarget {
  if (raw === undefined || raw === '') return 'healthy';
  if (!isWaitTarget(raw)) {
    throw new InputError(
      `until must be one of ${WAIT_TARGETS.join(', ')}; got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return raw;
}

export function waitStateOf(detail: RolloutDetail): RolloutWaitState {
  const current = detail.step
    ? detail.steps[detail.step.index]?.description
    : undefined;
  const revision = Number.parseInt(detail.revision, 10);
  return {
    phase: detail.phase,
    message: detail.message,
    strategy: detail.strategy,
    step: detail.step,
    ...(current ? { stepDescription: current } : {}),
    setWeight: detail.setWeight,
    actualWeight: detail.actualWeight,
    revision: detail.revision,
    paused: detail.paused,
    aborted: detail.aborted,
    resourceVersion: detail.resourceVersion,
    analysis: detail.analysisRuns
      .filter(r => r.revision === undefined || r.revision === revision)
      .map(r => ({
        name: r.name,
        kind: r.kind,
        phase: r.phase,
        ...(r.message ? { message: r.message } : {}),
      })),
  };
}

/** Older ReplicaSets still running pods (scale-down delay not over). */
function hasOldPods(detail: RolloutDetail): boolean {
  return detail.revisions.some(
    rev => !rev.current && rev.replicaSets.some(rs => rs.current > 0),
  );
}

/**
 * Whether the wait is over for this state of the rollout, and how. Undefined
 * while it goes on.
 */
export function evaluateWait(
  detail: RolloutDetail,
  until: WaitTarget,
): Exclude<WaitOutcome, 'timeout'> | undefined {
  if (detail.phase === 'Degraded') {
    return detail.aborted ? 'aborted' : 'degraded';
  }
  switch (until) {
    case 'healthy':
      return detail.phase === 'Healthy' ? 'reached' : undefined;
    case 'completed':
      return detail.phase === 'Healthy' && !hasOldPods(detail)
        ? 'reached'
        : undefined;
    case 'paused':
      if (detail.phase === 'Paused') return 'reached';
      return detail.phase === 'Healthy' ? 'healthy' : undefined;
    default:
      return undefined;
  }
}

/** The result for a wait that ended on `detail` (or ran out of time). */
export function waitResultOf(
  detail: RolloutDetail,
  until: WaitTarget,
  outcome: WaitOutcome,
  waitedSeconds: number,
): RolloutWaitResult {
  const result: RolloutWaitResult = {
    until,
    outcome,
    state: waitStateOf(detail),
    waitedSeconds,
  };
  if (detail.aborted) {
    const runs = [
      ...detail.analysisRuns,
      ...detail.experiments.flatMap(e => e.analysisRuns),
    ];
    result.abort = {
      reason: detail.message,
      ...(detail.abortedByAnalysis
        ? { analysis: explainAnalysisAbort(detail.abortedByAnalysis, runs) }
        : {}),
    };
  }
  return result;
}
