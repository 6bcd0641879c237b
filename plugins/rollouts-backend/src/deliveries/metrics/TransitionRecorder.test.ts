import { diffStates, ObservedState } from './TransitionRecorder';

const state = (
  revision: string,
  extra: Partial<ObservedState> = {},
): ObservedState => ({
  revision,
  aborted: false,
  completed: false,
  pauses: new Map(),
  ...extra,
});
const facts = { reusedReplicaSet: false, abortReason: 'manual' as const };
const pausedAt = (step: number, manual = true) =>
  new Map([
    [
      `CanaryPauseStep@${step}`,
      { step, manual, since: '2026-12-01T10:00:00Z' },
    ],
  ]);

describe('diffStates', () => {
  it('records nothing on the first sighting of a settled rollout', () => {
    expect(
      diffStates(undefined, state('1', { completed: true }), facts),
    ).toEqual([]);
  });

  it('records a start when first seen mid-delivery', () => {
    expect(diffStates(undefined, state('2'), facts)).toEqual([
      { kind: 'started', revision: '2' },
    ]);
  });

  it('records a new revision, its pause with the pause start, the promote and the completion', () => {
    const healthy = state('1', { completed: true });
    const paused = state('2', { pauses: pausedAt(1) });
    expect(diffStates(healthy, paused, facts)).toEqual([
      { kind: 'started', revision: '2' },
      {
        kind: 'paused',
        revision: '2',
        step: 1,
        reason: 'manual',
        at: '2026-12-01T10:00:00Z',
      },
    ]);
    const done = state('2', { completed: true });
    expect(diffStates(paused, done, facts)).toEqual([
      { kind: 'promoted', revision: '2', step: 1, reason: 'manual' },
      { kind: 'completed', revision: '2' },
    ]);
  });

  it('records an abort with its reason and no promote, and a reused ReplicaSet as a rollback', () => {
    const paused = state('3', { pauses: pausedAt(1) });
    const aborted = state('3', { aborted: true });
    expect(
      diffStates(paused, aborted, {
        reusedReplicaSet: false,
        abortReason: 'analysis',
        abortDetail: 'error-rate',
        abortedAt: '2026-12-01T10:05:00Z',
      }),
    ).toEqual([
      {
        kind: 'aborted',
        revision: '3',
        reason: 'analysis',
        detail: 'error-rate',
        at: '2026-12-01T10:05:00Z',
      },
    ]);
    expect(
      diffStates(aborted, state('4', { completed: true }), {
        ...facts,
        reusedReplicaSet: true,
      }),
    ).toEqual([
      { kind: 'started', revision: '4', reason: 'rollback' },
      { kind: 'completed', revision: '4' },
    ]);
  });
});
