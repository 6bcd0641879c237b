import type { RolloutPhase } from '../types';
import type { KubeObject } from './kubeObjects';
import { parseGoInt } from './conventions';
import { parseTime } from './kubeObjects';

/** A rollout phase and the message that explains it. */
export interface PhaseAndMessage {
  phase: RolloutPhase;
  message: string;
}

const COMPLETED_ANALYSIS_PHASES = [
  'Successful',
  'Failed',
  'Error',
  'Inconclusive',
];

/** `AnalysisPhase.Completed()` */
export function isAnalysisPhaseCompleted(phase: unknown): boolean {
  return typeof phase === 'string' && COMPLETED_ANALYSIS_PHASES.includes(phase);
}

/**
 * `isGenerationObserved`: true when `status.observedGeneration` is not numeric
 * (a v0.9 hash), is greater than, or equals `metadata.generation`.
 */
export function isGenerationObserved(rollout: KubeObject): boolean {
  const observed = parseGoInt(rollout.status?.observedGeneration);
  if (observed === undefined) {
    return true;
  }
  const generation = rollout.metadata.generation ?? 0;
  return observed >= generation;
}

/** `IsUnpausing`: the user cleared the pause conditions, the controller has not reacted yet. */
export function isUnpausing(rollout: KubeObject): boolean {
  return (
    Boolean(rollout.status?.controllerPause) &&
    !(rollout.status?.pauseConditions?.length > 0)
  );
}

/**
 * Port of `rolloututil.GetRolloutPhase`: what `get`, `list`, `status` and the
 * dashboard show. Trusts `status.phase` only once the spec generation was
 * observed, and falls back to {@link calculateRolloutPhase} for controllers
 * older than v1.0 that do not write `status.phase`.
 *
 * (`spec.templateResolvedFromRef` is never serialized, so its branch does not apply.)
 */
export function getRolloutPhase(rollout: KubeObject): PhaseAndMessage {
  if (!isGenerationObserved(rollout)) {
    return {
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
    };
  }
  if (isUnpausing(rollout)) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  const status = rollout.status ?? {};
  if (status.phase) {
    return { phase: status.phase, message: status.message ?? '' };
  }
  return calculateRolloutPhase(rollout.spec ?? {}, status);
}

/** Port of `rolloututil.CalculateRolloutPhase(spec, status)`. The first matching rule wins. */
export function calculateRolloutPhase(spec: any, status: any): PhaseAndMessage {
  for (const cond of status.conditions ?? []) {
    if (cond?.type === 'InvalidSpec') {
      return {
        phase: 'Degraded',
        message: `InvalidSpec: ${cond.message ?? ''}`,
      };
    }
    if (
      cond?.reason === 'RolloutAborted' ||
      cond?.reason === 'ProgressDeadlineExceeded'
    ) {
      return {
        phase: 'Degraded',
        message: `${cond.reason}: ${cond.message ?? ''}`,
      };
    }
  }
  if (spec.paused) {
    return { phase: 'Paused', message: 'manually paused' };
  }
  if (status.pauseConditions?.length > 0) {
    return {
      phase: 'Paused',
      message: String(status.pauseConditions[0]?.reason ?? ''),
    };
  }
  if (spec.restartAt) {
    const restartAt = parseTime(spec.restartAt);
    const restartedAt = parseTime(status.restartedAt);
    if (restartedAt === undefined || restartAt !== restartedAt) {
      return { phase: 'Progressing', message: 'rollout is restarting' };
    }
  }
  const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < desired) {
    return {
      phase: 'Progressing',
      message: 'more replicas need to be updated',
    };
  }
  if (available < updated) {
    return {
      phase: 'Progressing',
      message: 'updated replicas are still becoming available',
    };
  }
  const currentPodHash = status.currentPodHash ?? '';
  const stableRS = status.stableRS ?? '';
  const fullyPromoted = stableRS !== '' && stableRS === currentPodHash;
  const blueGreen = spec.strategy?.blueGreen;
  const canary = spec.strategy?.canary;
  if (blueGreen) {
    const activeSelector = status.blueGreen?.activeSelector ?? '';
    if (activeSelector === '' || activeSelector !== currentPodHash) {
      return {
        phase: 'Progressing',
        message: 'active service cutover pending',
      };
    }
    if (!fullyPromoted) {
      const postRun = status.blueGreen?.postPromotionAnalysisRunStatus;
      if (
        blueGreen.postPromotionAnalysis &&
        (!postRun || !isAnalysisPhaseCompleted(postRun.status))
      ) {
        return {
          phase: 'Progressing',
          message: 'waiting for analysis to complete',
        };
      }
      return {
        phase: 'Progressing',
        message: 'waiting for post-promotion verification to complete',
      };
    }
  } else if (canary) {
    if (!canary.trafficRouting && (status.replicas ?? 0) > updated) {
      return {
        phase: 'Progressing',
        message: 'old replicas are pending termination',
      };
    }
    if (!fullyPromoted) {
      return {
        phase: 'Progressing',
        message: 'waiting for all steps to complete',
      };
    }
  }
  return { phase: 'Healthy', message: '' };
}
