import { isDeepStrictEqual } from 'node:util';
import { ActionHistoryEntry } from '@gradual/plugin-rollouts-common';
import { PatchCall } from '../actions/actionTable';
import { rolloutState } from '../actions/preconditions';
import { JSON_PATCH } from '../kube/KubeClient';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { LandingCheck } from './ActionHistoryStore';

/** What a pending action's row is resolved to. */
export interface LandingVerdict {
  outcome: 'landed' | 'not-landed' | 'unknown';
  message: string;
}

/** The live objects a pending action's patches were aimed at, read now. */
export interface LandingTargets {
  /** The rollout; undefined when it no longer exists. */
  rollout: KubeObject | undefined;
  /** A `workload` call's object (undefined when it no longer exists). */
  workload(call: PatchCall): KubeObject | undefined;
}

const STOPPED =
  'The replica running this action stopped before recording its outcome';

/**
 * Whether the patches of an action whose replica died before completing its
 * history row landed, from the objects they were aimed at as they are now.
 * Every patch carries the resourceVersion its decision was made on, so an
 * object still at that version did not get it. An object that moved on got
 * the action when it shows the action's change (the patched fields hold the
 * patched values; for promote and skip-step, the canary moved past the step
 * of the decision in the same revision); otherwise the outcome is unknown
 * (it may have landed and been superseded since).
 */
export function judgeLanding(
  entry: Pick<ActionHistoryEntry, 'action' | 'before'>,
  check: LandingCheck,
  targets: LandingTargets,
): LandingVerdict {
  const { rollout } = targets;
  if (!rollout) {
    return {
      outcome: 'unknown',
      message: `${STOPPED}; the rollout no longer exists, so whether it landed is unknown.`,
    };
  }
  const aimed = check.calls.map(call => ({
    call,
    object: call.target === 'workload' ? targets.workload(call) : rollout,
    decidedOn:
      call.target === 'workload'
        ? call.workload?.resourceVersion
        : check.resourceVersion,
  }));
  if (aimed.some(a => !a.object)) {
    return {
      outcome: 'unknown',
      message: `${STOPPED}; an object it patched no longer exists, so whether it landed is unknown.`,
    };
  }
  if (
    aimed.length > 0 &&
    aimed.every(a => a.object!.metadata.resourceVersion === a.decidedOn)
  ) {
    return {
      outcome: 'not-landed',
      message: `${STOPPED}; it did not land: the rollout is unchanged since the decision (resourceVersion ${check.resourceVersion}).`,
    };
  }
  if (aimed.length > 0 && aimed.every(a => showsPatch(a.object!, a.call))) {
    return {
      outcome: 'landed',
      message: `${STOPPED}; it landed: the rollout shows its change.`,
    };
  }
  const movedPast = movedPastDecidedStep(entry, rollout);
  if (movedPast) {
    return {
      outcome: 'landed',
      message: `${STOPPED}; it landed: the canary moved past step ${movedPast.from} (now at step ${movedPast.to}).`,
    };
  }
  return {
    outcome: 'unknown',
    message: `${STOPPED}; the rollout changed since the decision (resourceVersion ${check.resourceVersion} → ${rollout.metadata.resourceVersion}) but does not show the action's change: it may have landed and been superseded.`,
  };
}

/** promote / skip-step: the same revision is now at a later step than the decision's. */
function movedPastDecidedStep(
  entry: Pick<ActionHistoryEntry, 'action' | 'before'>,
  rollout: KubeObject,
): { from: number; to: number } | undefined {
  if (entry.action !== 'promote' && entry.action !== 'skip-step')
    return undefined;
  const from = entry.before?.step;
  if (from === undefined || from === null) return undefined;
  const now = rolloutState(rollout);
  if (now.revision !== entry.before?.revision || now.step === null)
    return undefined;
  return now.step > from ? { from, to: now.step } : undefined;
}

/** Whether an object holds what a patch call sets (its main body, or its unified fallback). */
export function showsPatch(object: KubeObject, call: PatchCall): boolean {
  if (call.contentType === JSON_PATCH) {
    return (call.body as Array<Record<string, unknown>>).every(op =>
      showsJsonPatchOp(object, op),
    );
  }
  return (
    showsMergePatch(object, call.body as Record<string, unknown>) ||
    (call.fallbackBody !== undefined &&
      showsMergePatch(object, call.fallbackBody))
  );
}

function showsMergePatch(
  value: unknown,
  patch: Record<string, unknown>,
): boolean {
  const obj = (value ?? {}) as Record<string, unknown>;
  return Object.entries(patch).every(([key, want]) => {
    const have = obj[key];
    if (want === null) {
      return (
        have === undefined ||
        have === null ||
        (Array.isArray(have) && have.length === 0)
      );
    }
    if (want === false) return (have ?? false) === false;
    if (typeof want === 'object' && !Array.isArray(want)) {
      return showsMergePatch(have, want as Record<string, unknown>);
    }
    return isDeepStrictEqual(have, want);
  });
}

function showsJsonPatchOp(
  object: KubeObject,
  op: Record<string, unknown>,
): boolean {
  const path = String(op.path ?? '');
  switch (op.op) {
    case 'add':
    case 'replace':
      return isDeepStrictEqual(pointerGet(object, path), op.value);
    case 'remove':
      return pointerGet(object, path) === undefined;
    default:
      // `test` ops check the old state; they say nothing of the change.
      return true;
  }
}

/** RFC 6901 JSON pointer lookup. */
function pointerGet(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current: any = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = current[key];
  }
  return current;
}
