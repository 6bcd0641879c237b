import { describeRollout } from './model/describeRollout';
import type { KubeObject } from './model/kubeObjects';
import { loadScenario, ScenarioObjects } from '@gradual/test-utils';
import {
  evaluateWait,
  parseWaitTarget,
  parseWaitTimeout,
  waitResultOf,
  WAIT_TARGETS,
} from './wait';

const NOW = new Date('2026-08-17T16:21:11.250Z');

function detailOf(scenario: ScenarioObjects, rollout = scenario.rollouts[0]) {
  return describeRollout('prod', {
    rollout,
    replicaSets: scenario.replicaSets,
    pods: scenario.pods,
    analysisRuns: scenario.analysisRuns,
    experiments: scenario.experiments,
  });
}

/** The blue-green fixture after promotion: Healthy, the old ReplicaSet still up or scaled down. */
function promotedBlueGreen(oldScaledDown: boolean) {
  const scenario = loadScenario('blue-green', NOW);
  const ro = scenario.rollouts[0];
  const rollout: KubeObject = {
    ...ro,
    status: {
      ...ro.status,
      phase: 'Healthy',
      message: '',
      pauseConditions: [],
      controllerPause: false,
    },
  };
  const current = ro.status.currentPodHash;
  const replicaSets = scenario.replicaSets.map(rs =>
    oldScaledDown &&
    rs.metadata.labels?.['rollouts-pod-template-hash'] !== current
      ? {
          ...rs,
          spec: { ...rs.spec, replicas: 0 },
          status: { replicas: 0 },
        }
      : rs,
  );
  return detailOf({ ...scenario, replicaSets }, rollout);
}

describe('evaluateWait (kubectl argo rollouts status semantics)', () => {
  it('a Degraded rollout ends every wait as degraded', () => {
    const detail = detailOf(loadScenario('canary', NOW));
    expect(detail.phase).toBe('Degraded');
    for (const until of WAIT_TARGETS) {
      expect(evaluateWait(detail, until)).toBe('degraded');
    }
  });

  it('an aborted update ends as aborted, with the reason and the analysis that decided it', () => {
    const detail = detailOf(loadScenario('rollout-aborted', NOW));
    expect(evaluateWait(detail, 'healthy')).toBe('aborted');
    const result = waitResultOf(detail, 'healthy', 'aborted', 3);
    expect(result.abort?.reason).toMatch(/^RolloutAborted: metric "web"/);
    expect(result.abort?.analysis).toMatchObject({
      analysisRun: expect.any(String),
      metric: 'web',
    });
    expect(result.state).toMatchObject({ phase: 'Degraded', aborted: true });
  });

  it('a paused blue-green rollout reaches paused, not healthy', () => {
    const detail = detailOf(loadScenario('blue-green', NOW));
    expect(detail.phase).toBe('Paused');
    expect(evaluateWait(detail, 'paused')).toBe('reached');
    expect(evaluateWait(detail, 'healthy')).toBeUndefined();
    expect(evaluateWait(detail, 'completed')).toBeUndefined();
  });

  it('a progressing rollout keeps every wait going', () => {
    const detail = detailOf(loadScenario('experiment-step', NOW));
    expect(detail.phase).toBe('Progressing');
    for (const until of WAIT_TARGETS) {
      expect(evaluateWait(detail, until)).toBeUndefined();
    }
    expect(waitResultOf(detail, 'paused', 'timeout', 10).state).toMatchObject({
      phase: 'Progressing',
      step: detail.step,
      setWeight: detail.setWeight,
    });
  });

  it('healthy is reached at once; completed once the old ReplicaSet has no pods', () => {
    const scalingDown = promotedBlueGreen(false);
    expect(scalingDown.phase).toBe('Healthy');
    expect(evaluateWait(scalingDown, 'healthy')).toBe('reached');
    expect(evaluateWait(scalingDown, 'completed')).toBeUndefined();
    // waiting for a pause that will not come
    expect(evaluateWait(scalingDown, 'paused')).toBe('healthy');
    expect(evaluateWait(promotedBlueGreen(true), 'completed')).toBe('reached');
  });
});

describe('wait parameters', () => {
  it('reads seconds and Go durations within 1s..1h', () => {
    expect(parseWaitTimeout(undefined)).toBe(300);
    expect(parseWaitTimeout('90')).toBe(90);
    expect(parseWaitTimeout('5m')).toBe(300);
    expect(parseWaitTimeout('1h')).toBe(3600);
    expect(parseWaitTimeout('1.5s')).toBe(2);
  });

  it.each(['0', '3601', '2h', '-5s', 'soon', '1e3', '0.5s'])(
    'refuses timeout %s',
    raw => {
      expect(() => parseWaitTimeout(raw)).toThrow(/timeout must be from 1s/);
    },
  );

  it('defaults until to healthy and refuses unknown targets', () => {
    expect(parseWaitTarget(undefined)).toBe('healthy');
    expect(parseWaitTarget('paused')).toBe('paused');
    expect(() => parseWaitTarget('done')).toThrow(/until must be one of/);
  });
});
