import {
  rolloutAbortPermission,
  rolloutPausePermission,
  rolloutPromotePermission,
  rolloutRestartPermission,
  rolloutRetryPermission,
  rolloutRollbackPermission,
  rolloutSetImagePermission,
  type ActionRequest,
  type RolloutActionName,
  type RolloutDetail,
} from '@gradual/plugin-rollouts-common';

export interface Applicability {
  applicable: boolean;
  reason?: string;
}

/** What the controls need to know about one action. */
export interface ControlRule {
  label: string;
  permission: typeof rolloutPromotePermission;
  destructive?: boolean;
  /** What will happen, in plain words, for the confirmation dialog and tooltip. */
  describe(detail: RolloutDetail, request?: Omit<ActionRequest, 'expected'>): string;
  isApplicable(
    detail: RolloutDetail,
    request?: Omit<ActionRequest, 'expected'>,
  ): Applicability;
}

// TEMPORARY: replaced by ACTION_RULES from @gradual/plugin-rollouts-common once it lands.
const inProgress = (d: RolloutDetail) =>
  d.phase === 'Progressing' || d.phase === 'Paused';
const notInProgress: Applicability = {
  applicable: false,
  reason: 'Only a rollout that is progressing or paused can be promoted or aborted.',
};
const ok: Applicability = { applicable: true };

const RULES: Record<RolloutActionName, ControlRule> = {
  promote: {
    label: 'Promote',
    permission: rolloutPromotePermission,
    describe: d =>
      d.strategy === 'canary'
        ? `Ends the current pause of ${d.name} and moves on to the next step.`
        : `Switches the active service of ${d.name} to the preview revision.`,
    isApplicable: d => (inProgress(d) && !d.aborted ? ok : notInProgress),
  },
  'promote-full': {
    label: 'Promote full',
    permission: rolloutPromotePermission,
    describe: d =>
      `Skips all remaining steps, pauses and analysis: ${d.name} goes to 100% of the new version at once.`,
    isApplicable: d => (inProgress(d) && !d.aborted ? ok : notInProgress),
  },
  'skip-step': {
    label: 'Skip step',
    permission: rolloutPromotePermission,
    describe: d => `Skips the current step of ${d.name} and starts the next one.`,
    isApplicable: d =>
      d.strategy !== 'canary'
        ? { applicable: false, reason: 'Only canary rollouts have steps.' }
        : inProgress(d) && !d.aborted
        ? ok
        : notInProgress,
  },
  abort: {
    label: 'Abort',
    permission: rolloutAbortPermission,
    destructive: true,
    describe: d =>
      `Stops the update of ${d.name} and sends all traffic back to the stable version. The rollout shows Degraded until you retry or roll back.`,
    isApplicable: d => (inProgress(d) && !d.aborted ? ok : notInProgress),
  },
  retry: {
    label: 'Retry',
    permission: rolloutRetryPermission,
    describe: d => `Restarts the aborted update of ${d.name} from its first step.`,
    isApplicable: d =>
      d.aborted
        ? ok
        : { applicable: false, reason: 'Only an aborted rollout can be retried.' },
  },
  pause: {
    label: 'Pause',
    permission: rolloutPausePermission,
    describe: d => `Pauses ${d.name} where it is until someone resumes it.`,
    isApplicable: d =>
      d.paused ? { applicable: false, reason: 'The rollout is already paused.' } : ok,
  },
  resume: {
    label: 'Resume',
    permission: rolloutPromotePermission,
    describe: d => `Lifts the manual pause of ${d.name}; it continues where it stopped.`,
    isApplicable: d =>
      d.paused ? ok : { applicable: false, reason: 'The rollout is not paused manually.' },
  },
  restart: {
    label: 'Restart',
    permission: rolloutRestartPermission,
    describe: d =>
      `Replaces the pods of ${d.name} one by one with fresh ones; the version does not change.`,
    isApplicable: () => ok,
  },
  undo: {
    label: 'Rollback',
    permission: rolloutRollbackPermission,
    destructive: true,
    describe: (d, r) =>
      `Deploys revision ${r?.toRevision ?? 'previous'} of ${d.name} again as a new revision, through the same strategy steps.`,
    isApplicable: (d, r) =>
      r?.toRevision !== undefined &&
      d.revisions.some(rev => rev.revision === r.toRevision && rev.current)
        ? { applicable: false, reason: 'This is the current revision.' }
        : ok,
  },
  'set-image': {
    label: 'Deploy new image',
    permission: rolloutSetImagePermission,
    describe: d => `Changes a container image of ${d.name}, which starts a new rollout.`,
    isApplicable: d =>
      d.containers.length > 0
        ? ok
        : { applicable: false, reason: 'The rollout has no containers.' },
  },
};

export function getActionRule(action: RolloutActionName): ControlRule {
  return RULES[action];
}
