import {
  ACTION_RULES,
  getActionApplicability,
  getApplicableActions,
  isActionAllowed,
} from './actions';
import { describeRollout, summarizeRollout } from './model/describeRollout';
import type { RolloutObjects } from './model/kubeObjects';
import { loadScenario } from '@gradual/test-utils';
import type { RolloutSummary } from './types';
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

const NOW = new Date('2026-08-17T16:21:11.250Z');

function objects(scenario: string, index = 0): RolloutObjects {
  const s = loadScenario(scenario, NOW);
  return {
    rollout: s.rollouts[index],
    replicaSets: s.replicaSets,
    pods: s.pods,
    analysisRuns: s.analysisRuns,
    experiments: s.experiments,
  };
}

const healthy: RolloutSummary = {
  cluster: 'prod',
  namespace: 'shop',
  name: 'checkout',
  uid: 'u1',
  strategy: 'canary',
  phase: 'Healthy',
  message: '',
  step: { index: 3, count: 3 },
  setWeight: 100,
  actualWeight: 100,
  revision: '1',
  currentPodHash: 'aaa',
  stablePodHash: 'aaa',
  images: [],
  replicas: { desired: 2, current: 2, updated: 2, ready: 2, available: 2 },
  paused: false,
  aborted: false,
  pauseConditions: [],
  resourceVersion: '10',
  generation: 4,
};

describe('ACTION_RULES', () => {
  it('has one rule per action, with the permission the API checks', () => {
    expect(Object.keys(ACTION_RULES).sort()).toEqual(
      [...ROLLOUT_ACTIONS].sort(),
    );
    const permissions = Object.fromEntries(
      ROLLOUT_ACTIONS.map(name => [name, ACTION_RULES[name].permission.name]),
    );
    expect(permissions).toEqual({
      promote: rolloutPromotePermission.name,
      'promote-full': rolloutPromotePermission.name,
      'skip-step': rolloutPromotePermission.name,
      resume: rolloutPromotePermission.name,
      abort: rolloutAbortPermission.name,
      retry: rolloutRetryPermission.name,
      undo: rolloutRollbackPermission.name,
      restart: rolloutRestartPermission.name,
      pause: rolloutPausePermission.name,
      'set-image': rolloutSetImagePermission.name,
    });
    for (const name of ROLLOUT_ACTIONS) {
      expect(ACTION_RULES[name].name).toBe(name);
      expect(ACTION_RULES[name].label).not.toBe('');
      expect(ACTION_RULES[name].confirmation(healthy)).toContain('checkout');
    }
  });
});

describe('getApplicableActions', () => {
  it('offers little on a healthy, fully promoted rollout', () => {
    expect(getApplicableActions(healthy)).toEqual([
      'pause',
      'restart',
      'set-image',
    ]);
    const why = getActionApplicability(healthy);
    expect(why.promote.reason).toBe('The rollout is fully promoted.');
    expect(why['skip-step'].reason).toBe('All steps are done.');
    expect(why.abort.reason).toBe('No update is in progress.');
    expect(why.retry.reason).toBe('Only an aborted update can be retried.');
    expect(why.undo.reason).toBe(
      'There is no previous revision to roll back to.',
    );
    expect(why.pause).toEqual({ applicable: true });
  });

  it('allows abort and rollback of a canary stuck past its progress deadline, not promotion', () => {
    const detail = describeRollout('prod', objects('canary'), NOW);
    expect(detail.phase).toBe('Degraded');
    expect(getApplicableActions(detail)).toEqual([
      'abort',
      'pause',
      'restart',
      'undo',
      'set-image',
    ]);
    expect(getActionApplicability(detail)['promote-full'].reason).toBe(
      'A Degraded rollout cannot be fully promoted.',
    );
    // Promote is a warning the user may confirm: the CLI moves to the next step.
    const promote = ACTION_RULES.promote.isApplicable(detail);
    expect(promote).toEqual({
      applicable: false,
      forceable: true,
      reason:
        'The rollout is Degraded: promoting would skip a step of an unhealthy update.',
    });
    expect(isActionAllowed(promote, { force: true })).toEqual({
      allowed: true,
      forced: true,
    });
    expect(isActionAllowed(promote, {})).toEqual({
      allowed: false,
      forced: false,
    });
    expect(
      isActionAllowed(getActionApplicability(detail).retry, { force: true }),
    ).toEqual({ allowed: false, forced: false });
    expect(ACTION_RULES.undo.confirmation(detail)).toContain('revision 30');
  });

  it('promotes a paused blue-green rollout (resume is for a manual pause only), never skips a step', () => {
    const detail = describeRollout('prod', objects('blue-green'), NOW);
    expect(getApplicableActions(detail)).toEqual([
      'promote',
      'promote-full',
      'abort',
      'pause',
      'restart',
      'undo',
      'set-image',
    ]);
    expect(getActionApplicability(detail).resume.reason).toBe(
      'The rollout is paused by its strategy, not by hand: promote it to continue.',
    );
    expect(getActionApplicability(detail)['skip-step'].reason).toBe(
      'Blue-green rollouts have no steps.',
    );
  });

  it('says what a retry does for each strategy', () => {
    const aborted = { ...healthy, aborted: true, revision: '3' };
    expect(ACTION_RULES.retry.confirmation(aborted)).toBe(
      'Start the aborted update of checkout to revision 3 again, from the first step.',
    );
    const blueGreen = {
      ...aborted,
      strategy: 'blueGreen' as const,
      step: null,
    };
    expect(ACTION_RULES.retry.confirmation(blueGreen)).toMatch(
      /preview version is scaled up .* no manual-promotion pause this time/,
    );
    expect(ACTION_RULES.retry.confirmation(blueGreen)).not.toMatch(
      /first step/,
    );
  });

  it('does not roll back to the current revision', () => {
    const detail = describeRollout('prod', objects('canary'), NOW);
    const current = Number(detail.revision);
    expect(
      ACTION_RULES.undo.isApplicable(detail, { toRevision: current }),
    ).toEqual({ applicable: false, reason: 'This is the current revision.' });
    expect(
      ACTION_RULES.undo.isApplicable(detail, { toRevision: current - 1 })
        .applicable,
    ).toBe(true);
    expect(ACTION_RULES.undo.confirmation(detail, { toRevision: 7 })).toContain(
      'back to revision 7',
    );
  });

  it('offers retry (and rollback) once aborted', () => {
    const detail = describeRollout('prod', objects('rollout-aborted'), NOW);
    expect(getApplicableActions(detail)).toEqual([
      'retry',
      'pause',
      'restart',
      'undo',
      'set-image',
    ]);
    const why = getActionApplicability(detail);
    expect(why.promote.reason).toMatch(/aborted/);
    expect(why.abort.reason).toBe('The update is already aborted.');
  });

  it('lets a paused canary be promoted even while Degraded, as the CLI does', () => {
    const summary = summarizeRollout(
      'prod',
      objects('experiment-analysis'),
      NOW,
    );
    expect(summary.phase).toBe('Degraded');
    expect(summary.pauseConditions).toHaveLength(1);
    const why = getActionApplicability(summary);
    expect(why.promote.applicable).toBe(true);
    // The CLI's resume (promote of a manual pause) only clears spec.paused.
    expect(why.resume.applicable).toBe(false);
    expect(why['skip-step'].applicable).toBe(true);
    expect(ACTION_RULES.promote.confirmation(summary)).toBe(
      'Resume rollout-experiment-analysis and let it continue to the next step.',
    );
  });

  it('skips the current step of a progressing canary and names it', () => {
    const progressing = describeRollout(
      'prod',
      objects('experiment-step'),
      NOW,
    );
    expect(progressing.phase).toBe('Progressing');
    expect(ACTION_RULES['skip-step'].isApplicable(progressing)).toEqual({
      applicable: true,
    });
    expect(ACTION_RULES.promote.isApplicable(progressing)).toEqual({
      applicable: true,
    });
    expect(ACTION_RULES['skip-step'].confirmation(progressing)).toBe(
      'Skip step 1 of 1 (Run experiment: canary-preview with analysis stress-test) of canary-demo.',
    );
  });

  it('does not pause twice and warns about Argo CD on spec changes', () => {
    const paused = {
      ...healthy,
      paused: true,
      phase: 'Paused' as const,
      managedByArgoCD: true,
    };
    expect(ACTION_RULES.pause.isApplicable(paused).applicable).toBe(false);
    expect(ACTION_RULES.resume.isApplicable(paused).applicable).toBe(true);
    expect(ACTION_RULES['set-image'].confirmation(paused)).toMatch(/Argo CD/);
    expect(
      ACTION_RULES.undo.isApplicable({ ...healthy, revision: '4' }).applicable,
    ).toBe(true);
  });
});
