import type { PauseConditionInfo } from '../types';
import type { KubeObject } from './kubeObjects';
import { parseTime } from './kubeObjects';
import { getCurrentCanaryStep } from './canarySteps';
import { durationSeconds } from './durations';
import { toRfc3339 } from './timestamps';

/** `spec.strategy.blueGreen.autoPromotionEnabled`, default true. */
export function autoPromotionEnabled(rollout: KubeObject): boolean {
  const value = rollout.spec?.strategy?.blueGreen?.autoPromotionEnabled;
  return value === undefined || value === null ? true : Boolean(value);
}

/**
 * How long a pause condition lasts, in seconds, if it is timed: a canary pause
 * step with a duration, or a blue-green pause with `autoPromotionSeconds`
 * (and auto-promotion enabled). Undefined for an indefinite pause.
 */
export function pauseDurationSeconds(
  rollout: KubeObject,
  reason: string,
): number | undefined {
  if (reason === 'CanaryPauseStep') {
    const { step } = getCurrentCanaryStep(rollout);
    const duration = step?.pause?.duration;
    if (duration === undefined || duration === null) {
      return undefined;
    }
    const seconds = durationSeconds(duration);
    return seconds !== undefined && seconds >= 0 ? seconds : undefined;
  }
  if (reason === 'BlueGreenPause') {
    const seconds = rollout.spec?.strategy?.blueGreen?.autoPromotionSeconds;
    if (
      autoPromotionEnabled(rollout) &&
      typeof seconds === 'number' &&
      seconds > 0
    ) {
      return seconds;
    }
  }
  return undefined;
}

/** `status.pauseConditions` with the deadline of each timed pause (start + duration). */
export function getPauseConditions(rollout: KubeObject): PauseConditionInfo[] {
  const conditions: any[] = rollout.status?.pauseConditions ?? [];
  return conditions.map(cond => {
    const reason = String(cond?.reason ?? '');
    const info: PauseConditionInfo = {
      reason,
      startTime: cond?.startTime ?? '',
    };
    const start = parseTime(cond?.startTime);
    const seconds = pauseDurationSeconds(rollout, reason);
    if (start !== undefined && seconds !== undefined) {
      info.deadline = toRfc3339(start + seconds * 1000);
    }
    return info;
  });
}
