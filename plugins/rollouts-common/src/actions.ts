import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type {
  ActionRequest,
  RolloutActionName,
  RolloutDetail,
  RolloutSummary,
} from './types';
import { ROLLOUT_ACTIONS } from './types';
import {
  rolloutAbortPermission,
  rolloutPausePermission,
  rolloutPromotePermission,
  rolloutRestartPermission,
  rolloutRetryPermission,
  rolloutRollbackPermission,
  rolloutSetImagePermission,
} from './permissions';

/**
 * The action table shared by the backend (which checks applicability before
 * building a patch), the Rollouts tab (which enables buttons and writes the
 * confirmation dialog) and the MCP actions. It is the only applicability rule:
 * the backend answers 409 exactly when a rule says no (and the request does
 * not force a forceable refusal); its plans only build the patches. The rules
 * follow the kubectl plugin's semantics and the Argo dashboard's button rules
 * (`rollout-actions.tsx`), with the deviations noted on each rule.
 */

/** A rollout as the API returns it: a list summary or a full detail. */
export type RolloutLike = RolloutSummary | RolloutDetail;

export interface ActionApplicability {
  applicable: boolean;
  /** Why the action does not apply now (absent when it does). */
  reason?: string;
  /**
   * The refusal is a warning the user may confirm: the action can still be
   * sent with `force: true` (the CLI would go ahead).
   */
  forceable?: boolean;
}

/** The parameters of an action request the rules look at. */
export type ActionParams = Omit<ActionRequest, 'expected'>;

/** Whether a request may go ahead, and whether it does so by forcing a warning. */
export function isActionAllowed(
  applicability: ActionApplicability,
  request?: ActionParams,
): { allowed: boolean; forced: boolean } {
  if (applicability.applicable) return { allowed: true, forced: false };
  const forced = Boolean(applicability.forceable && request?.force === true);
  return { allowed: forced, forced };
}

export interface RolloutActionRule {
  name: RolloutActionName;
  /** The permission checked on the owning entity. */
  permission: ResourcePermission<'catalog-entity'>;
  /** Button label. */
  label: string;
  /** True for actions that move traffic back or skip safety checks. */
  destructive: boolean;
  /** Plain-words text for the confirmation dialog. */
  confirmation(rollout: RolloutLike, request?: ActionParams): string;
  /** Whether the action applies to the rollout now, for this request (e.g. undo's `toRevision`). */
  isApplicable(
    rollout: RolloutLike,
    request?: ActionParams,
  ): ActionApplicability;
}

const yes: ActionApplicability = { applicable: true };
const no = (reason: string): ActionApplicability => ({
  applicable: false,
  reason,
});
const warn = (reason: string): ActionApplicability => ({
  applicable: false,
  reason,
  forceable: true,
});

function isDetail(rollout: RolloutLike): rollout is RolloutDetail {
  return Array.isArray((rollout as RolloutDetail).revisions);
}

/** The new version differs from the stable one: an update is under way (or was aborted). */
export function isUpdateInProgress(rollout: RolloutLike): boolean {
  return (
    Boolean(rollout.currentPodHash) &&
    Boolean(rollout.stablePodHash) &&
    rollout.currentPodHash !== rollout.stablePodHash
  );
}

/** Paused by hand (`spec.paused`) or by the controller (pause conditions). */
export function isPaused(rollout: RolloutLike): boolean {
  return rollout.paused || rollout.pauseConditions.length > 0;
}

function hasRemainingSteps(rollout: RolloutLike): boolean {
  return (
    rollout.strategy === 'canary' &&
    rollout.step !== null &&
    rollout.step.index < rollout.step.count
  );
}

/**
 * The message of `GetRolloutPhase` while a promote is taking effect: the pause
 * conditions are cleared, the controller has not reacted yet.
 */
export const UNPAUSING_MESSAGE = 'waiting for rollout to unpause';

function isUnpausing(rollout: RolloutLike): boolean {
  return (
    rollout.phase === 'Progressing' && rollout.message === UNPAUSING_MESSAGE
  );
}

function isProgressingOrPaused(rollout: RolloutLike): boolean {
  return rollout.phase === 'Progressing' || rollout.phase === 'Paused';
}

function currentStepText(rollout: RolloutLike): string {
  if (!rollout.step) {
    return '';
  }
  const current = isDetail(rollout)
    ? rollout.steps[rollout.step.index]
    : undefined;
  const what = current ? ` (${current.description})` : '';
  return `step ${rollout.step.index + 1} of ${rollout.step.count}${what}`;
}

function argoCdWarning(rollout: RolloutLike): string {
  return rollout.managedByArgoCD
    ? ' Argo CD manages this rollout: unless the change is also made in Git, self-heal will revert it.'
    : '';
}

function previousRevisions(rollout: RolloutDetail) {
  return rollout.revisions.filter(r => !r.current && r.replicaSets.length > 0);
}

const ABORTED = 'The update was aborted: retry it or roll back first.';

export const ACTION_RULES: Record<RolloutActionName, RolloutActionRule> = {
  promote: {
    name: 'promote',
    permission: rolloutPromotePermission,
    label: 'Promote',
    destructive: false,
    confirmation: r =>
      isPaused(r)
        ? `Resume ${r.name} and let it continue to the next step.`
        : `Skip the current ${currentStepText(r) || 'step'} of ${
            r.name
          } and move on to the next one.`,
    // Plain promote clears a pause, or skips the current canary step. The
    // dashboard only offers it while Progressing or Paused; a paused rollout
    // that is also Degraded (e.g. a progress deadline) can still be promoted,
    // as with the CLI. An unhealthy canary with steps left is a warning the
    // user may confirm (`force`): the CLI moves it to the next step. A second
    // promote while the first is taking effect is refused (the CLI would skip
    // one more step).
    isApplicable: r => {
      if (r.aborted) return no(ABORTED);
      if (isPaused(r)) return yes;
      if (isUnpausing(r))
        return no(
          'The rollout is already resuming: a promote is taking effect.',
        );
      if (hasRemainingSteps(r)) {
        return isProgressingOrPaused(r)
          ? yes
          : warn(
              `The rollout is ${r.phase}: promoting would skip a step of an unhealthy update.`,
            );
      }
      if (r.phase === 'Healthy') return no('The rollout is fully promoted.');
      return no('The rollout is not paused and has no step left to promote.');
    },
  },
  'promote-full': {
    name: 'promote-full',
    permission: rolloutPromotePermission,
    label: 'Promote full',
    destructive: true,
    confirmation: r =>
      `Skip all remaining steps, pauses and analysis of ${r.name} and send all traffic to revision ${r.revision} now.`,
    isApplicable: r => {
      if (!isUpdateInProgress(r))
        return no('The rollout is already fully promoted.');
      if (r.aborted) return no(ABORTED);
      if (!isProgressingOrPaused(r))
        return no(`A ${r.phase} rollout cannot be fully promoted.`);
      return yes;
    },
  },
  'skip-step': {
    name: 'skip-step',
    permission: rolloutPromotePermission,
    label: 'Skip step',
    destructive: false,
    confirmation: r =>
      `Skip ${currentStepText(r) || 'the current step'} of ${r.name}.`,
    isApplicable: r => {
      if (r.strategy !== 'canary')
        return no('Blue-green rollouts have no steps.');
      if (r.step === null) return no('The rollout has no steps.');
      if (r.step.index >= r.step.count) return no('All steps are done.');
      if (r.aborted) return no(ABORTED);
      if (!isProgressingOrPaused(r) && !isPaused(r))
        return no(`A ${r.phase} rollout cannot skip a step.`);
      return yes;
    },
  },
  abort: {
    name: 'abort',
    permission: rolloutAbortPermission,
    label: 'Abort',
    destructive: true,
    confirmation: r =>
      `Stop the update of ${r.name} to revision ${r.revision} and send all traffic back to the stable version.`,
    // The dashboard only allows abort while Progressing or Paused; here it is
    // also allowed for a Degraded update (e.g. a canary that never becomes
    // ready), which is exactly when rolling back to stable is needed.
    isApplicable: r => {
      if (r.aborted) return no('The update is already aborted.');
      if (!isUpdateInProgress(r)) return no('No update is in progress.');
      return yes;
    },
  },
  retry: {
    name: 'retry',
    permission: rolloutRetryPermission,
    label: 'Retry',
    destructive: false,
    // What the controller does on `status.abort: false`: a canary starts its
    // steps again from the first; a blue-green brings the preview back up and,
    // since the abort completed its pause, does not pause before promoting.
    confirmation: r =>
      r.strategy === 'blueGreen'
        ? `Start the aborted update of ${r.name} to revision ${r.revision} again: the preview version is scaled up and its pre-promotion analysis, if any, runs again, but there is no manual-promotion pause this time. Once it is ready, it becomes active and receives all traffic.`
        : `Start the aborted update of ${r.name} to revision ${r.revision} again, from the first step.`,
    isApplicable: r =>
      r.aborted ? yes : no('Only an aborted update can be retried.'),
  },
  pause: {
    name: 'pause',
    permission: rolloutPausePermission,
    label: 'Pause',
    destructive: false,
    confirmation: r =>
      `Pause ${r.name}: it will not progress until it is resumed.`,
    isApplicable: r => (r.paused ? no('The rollout is already paused.') : yes),
  },
  resume: {
    name: 'resume',
    permission: rolloutPromotePermission,
    label: 'Resume',
    destructive: false,
    confirmation: r => `Resume ${r.name}.`,
    // `spec.paused: false`, as the CLI's promote does for a manual pause (the
    // CLI has no resume command). A pause the controller set (a pause step,
    // BlueGreenPause) is left to promote.
    isApplicable: r => {
      if (r.paused) return yes;
      return isPaused(r)
        ? no(
            'The rollout is paused by its strategy, not by hand: promote it to continue.',
          )
        : no('The rollout is not paused.');
    },
  },
  restart: {
    name: 'restart',
    permission: rolloutRestartPermission,
    label: 'Restart',
    destructive: false,
    confirmation: r =>
      `Restart the pods of ${r.name}, a few at a time, keeping it available.`,
    isApplicable: () => yes,
  },
  undo: {
    name: 'undo',
    permission: rolloutRollbackPermission,
    label: 'Roll back',
    destructive: true,
    confirmation: (r, request) => {
      const target =
        request?.toRevision ||
        (isDetail(r) ? previousRevisions(r)[0]?.revision : undefined);
      const to =
        target !== undefined ? `revision ${target}` : 'the previous revision';
      const where =
        isDetail(r) && r.workloadRef
          ? ` in ${r.workloadRef.kind} ${r.workloadRef.name}`
          : '';
      return `Roll ${
        r.name
      } back to ${to}. This starts a new update with that revision's pod template${where}, through the rollout's strategy.${argoCdWarning(
        r,
      )}`;
    },
    isApplicable: (r, request) => {
      if (request?.toRevision) {
        const current = Number.parseInt(r.revision, 10);
        if (request.toRevision === current)
          return no('This is the current revision.');
      }
      if (isDetail(r)) {
        return previousRevisions(r).length > 0
          ? yes
          : no('There is no previous revision to roll back to.');
      }
      const revision = Number.parseInt(r.revision, 10);
      return Number.isFinite(revision) && revision > 1
        ? yes
        : no('There is no previous revision to roll back to.');
    },
  },
  'set-image': {
    name: 'set-image',
    permission: rolloutSetImagePermission,
    label: 'Deploy new image',
    destructive: false,
    confirmation: r =>
      `Change a container image of ${r.name}${
        isDetail(r) && r.workloadRef
          ? ` (in its Deployment ${r.workloadRef.name}, as the CLI does)`
          : ''
      }; this starts a new update.${argoCdWarning(r)}`,
    isApplicable: r => {
      if (isDetail(r) && r.containers.length === 0 && !r.workloadRef) {
        return no('The rollout has no containers.');
      }
      return yes;
    },
  },
};

/** Whether each action applies to the rollout now (default request), with the reason when it does not. */
export function getActionApplicability(
  rollout: RolloutLike,
): Record<RolloutActionName, ActionApplicability> {
  return Object.fromEntries(
    ROLLOUT_ACTIONS.map(name => [
      name,
      ACTION_RULES[name].isApplicable(rollout),
    ]),
  ) as Record<RolloutActionName, ActionApplicability>;
}

/** The actions that apply to the rollout now, in `ROLLOUT_ACTIONS` order. */
export function getApplicableActions(
  rollout: RolloutLike,
): RolloutActionName[] {
  return ROLLOUT_ACTIONS.filter(
    name => ACTION_RULES[name].isApplicable(rollout).applicable,
  );
}
