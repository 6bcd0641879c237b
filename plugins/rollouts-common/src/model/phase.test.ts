import { calculateRolloutPhase, getRolloutPhase } from './phase';
import type { KubeObject } from './kubeObjects';

function rollout(spec: any, status: any, generation = 3): KubeObject {
  return { metadata: { name: 'r', uid: 'r-uid', generation }, spec, status };
}

const canary = {
  replicas: 2,
  strategy: { canary: { steps: [{ setWeight: 50 }] } },
};
const healthyStatus = {
  observedGeneration: '3',
  replicas: 2,
  updatedReplicas: 2,
  availableReplicas: 2,
  currentPodHash: 'abc',
  stableRS: 'abc',
};

describe('getRolloutPhase', () => {
  it('waits for the spec generation to be observed', () => {
    expect(
      getRolloutPhase(
        rollout(canary, { ...healthyStatus, observedGeneration: '2' }),
      ),
    ).toEqual({
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
    });
  });

  it('treats a non-numeric (v0.9 hash) or newer observed generation as observed', () => {
    expect(
      getRolloutPhase(
        rollout(canary, { ...healthyStatus, observedGeneration: '5d4f8b' }),
      ).phase,
    ).toBe('Healthy');
    expect(
      getRolloutPhase(
        rollout(canary, { ...healthyStatus, observedGeneration: '7' }),
      ).phase,
    ).toBe('Healthy');
  });

  it('reports unpausing when the controller pause has no conditions left', () => {
    expect(
      getRolloutPhase(
        rollout(canary, { ...healthyStatus, controllerPause: true }),
      ),
    ).toEqual({
      phase: 'Progressing',
      message: 'waiting for rollout to unpause',
    });
  });

  it('trusts status.phase written by a v1.0+ controller', () => {
    expect(
      getRolloutPhase(
        rollout(canary, {
          ...healthyStatus,
          phase: 'Paused',
          message: 'CanaryPauseStep',
        }),
      ),
    ).toEqual({ phase: 'Paused', message: 'CanaryPauseStep' });
  });
});

describe('calculateRolloutPhase', () => {
  it('puts InvalidSpec and aborted / timed-out conditions first', () => {
    expect(
      calculateRolloutPhase(
        { ...canary, paused: true },
        {
          conditions: [
            {
              type: 'Progressing',
              reason: 'RolloutAborted',
              message: 'Rollout aborted update to revision 2',
            },
          ],
        },
      ),
    ).toEqual({
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 2',
    });
    expect(
      calculateRolloutPhase(canary, {
        conditions: [{ type: 'InvalidSpec', message: 'bad' }],
      }),
    ).toEqual({
      phase: 'Degraded',
      message: 'InvalidSpec: bad',
    });
  });

  it('reports manual pauses before controller pauses', () => {
    expect(
      calculateRolloutPhase(
        { ...canary, paused: true },
        { pauseConditions: [{ reason: 'CanaryPauseStep' }] },
      ),
    ).toEqual({
      phase: 'Paused',
      message: 'manually paused',
    });
    expect(
      calculateRolloutPhase(canary, {
        pauseConditions: [{ reason: 'CanaryPauseStep' }],
      }),
    ).toEqual({
      phase: 'Paused',
      message: 'CanaryPauseStep',
    });
  });

  it('reports a pending restart until restartedAt matches restartAt', () => {
    const spec = { ...canary, restartAt: '2024-01-01T00:00:00Z' };
    expect(calculateRolloutPhase(spec, healthyStatus).message).toBe(
      'rollout is restarting',
    );
    expect(
      calculateRolloutPhase(spec, {
        ...healthyStatus,
        restartedAt: '2024-01-01T00:00:00.000Z',
      }).phase,
    ).toBe('Healthy');
  });

  it('walks the replica checks in order', () => {
    expect(
      calculateRolloutPhase(canary, { ...healthyStatus, updatedReplicas: 1 })
        .message,
    ).toBe('more replicas need to be updated');
    expect(
      calculateRolloutPhase(canary, { ...healthyStatus, availableReplicas: 1 })
        .message,
    ).toBe('updated replicas are still becoming available');
    expect(
      calculateRolloutPhase(canary, { ...healthyStatus, replicas: 3 }).message,
    ).toBe('old replicas are pending termination');
    expect(
      calculateRolloutPhase(canary, { ...healthyStatus, stableRS: 'old' })
        .message,
    ).toBe('waiting for all steps to complete');
  });

  it('defaults spec.replicas to 1', () => {
    expect(
      calculateRolloutPhase(
        { strategy: { canary: {} } },
        { updatedReplicas: 0 },
      ).message,
    ).toBe('more replicas need to be updated');
  });

  it('ignores old replicas of a canary with traffic routing (scale-down delay)', () => {
    const routed = {
      ...canary,
      strategy: { canary: { trafficRouting: { smi: {} } } },
    };
    expect(
      calculateRolloutPhase(routed, { ...healthyStatus, replicas: 4 }).phase,
    ).toBe('Healthy');
  });

  it('follows the blue-green cutover and post-promotion analysis', () => {
    const blueGreen = {
      replicas: 2,
      strategy: { blueGreen: { activeService: 'a' } },
    };
    const status = { ...healthyStatus, blueGreen: { activeSelector: 'old' } };
    expect(calculateRolloutPhase(blueGreen, status).message).toBe(
      'active service cutover pending',
    );
    const cutOver = {
      ...healthyStatus,
      stableRS: 'old',
      blueGreen: { activeSelector: 'abc' },
    };
    expect(calculateRolloutPhase(blueGreen, cutOver).message).toBe(
      'waiting for post-promotion verification to complete',
    );
    const withAnalysis = {
      ...blueGreen,
      strategy: {
        blueGreen: {
          activeService: 'a',
          postPromotionAnalysis: { templates: [] },
        },
      },
    };
    expect(calculateRolloutPhase(withAnalysis, cutOver).message).toBe(
      'waiting for analysis to complete',
    );
    expect(
      calculateRolloutPhase(withAnalysis, {
        ...cutOver,
        blueGreen: {
          activeSelector: 'abc',
          postPromotionAnalysisRunStatus: { status: 'Successful' },
        },
      }).message,
    ).toBe('waiting for post-promotion verification to complete');
    expect(
      calculateRolloutPhase(blueGreen, {
        ...healthyStatus,
        blueGreen: { activeSelector: 'abc' },
      }),
    ).toEqual({ phase: 'Healthy', message: '' });
  });
});
