import { describeRollout, summarizeRollout } from './describeRollout';
import type { KubeObject, RolloutObjects } from './kubeObjects';
import { loadScenario, ScenarioObjects } from '@gradual/test-utils';

const NOW = new Date('2026-08-17T16:21:11.250Z');

function objectsFor(
  scenario: ScenarioObjects,
  index = 0,
  extra: Partial<RolloutObjects> = {},
): RolloutObjects {
  return {
    rollout: scenario.rollouts[index],
    replicaSets: scenario.replicaSets,
    pods: scenario.pods,
    analysisRuns: scenario.analysisRuns,
    experiments: scenario.experiments,
    ...extra,
  };
}

describe('describeRollout on the canary fixtures', () => {
  const canary = loadScenario('canary', NOW);

  it('computes the summary `get rollout` shows', () => {
    const summary = summarizeRollout('prod', objectsFor(canary, 0), NOW);
    expect(summary).toMatchObject({
      cluster: 'prod',
      namespace: 'jesse-test',
      name: 'canary-demo',
      uid: 'b350ba76-f6ed-11e9-a15b-42010aa80033',
      strategy: 'canary',
      phase: 'Degraded',
      message:
        'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.',
      step: { index: 0, count: 8 },
      setWeight: 20,
      actualWeight: 0,
      revision: '31',
      currentPodHash: '65fb5ffc84',
      stablePodHash: '877894d5b',
      replicas: { desired: 5, current: 6, updated: 1, ready: 5, available: 5 },
      paused: false,
      aborted: false,
      pauseConditions: [],
      managedByArgoCD: false,
    });
    expect(summary.images).toEqual([
      { image: 'argoproj/rollouts-demo:does-not-exist', tags: ['canary'] },
      { image: 'argoproj/rollouts-demo:green', tags: ['stable'] },
    ]);
    expect(summary).not.toHaveProperty('steps');
    expect(summary).not.toHaveProperty('revisions');
  });

  it('lists the steps with their state and plain-words descriptions', () => {
    const detail = describeRollout('prod', objectsFor(canary, 0), NOW);
    expect(detail.steps.map(s => [s.state, s.description])).toEqual([
      ['current', 'Set weight to 20%'],
      ['pending', 'Pause until promoted'],
      ['pending', 'Set weight to 40%'],
      ['pending', 'Pause for 10s'],
      ['pending', 'Set weight to 60%'],
      ['pending', 'Pause for 10s'],
      ['pending', 'Set weight to 80%'],
      ['pending', 'Pause for 10s'],
    ]);
    expect(detail.steps[3]).toMatchObject({
      kind: 'pause',
      durationSeconds: 10,
    });
    expect(detail.canaryTraffic).toEqual({
      canaryWeight: 0,
      stableWeight: 100,
    });
  });

  it('groups ReplicaSets and pods by revision, newest first', () => {
    const detail = describeRollout('prod', objectsFor(canary, 0), NOW);
    expect(
      detail.revisions.map(r => [
        r.revision,
        r.current,
        r.tags,
        r.replicaSets.map(rs => rs.status),
      ]),
    ).toEqual([
      [31, true, ['canary'], ['Progressing']],
      [30, false, ['stable'], ['Healthy']],
      [29, false, [], ['ScaledDown']],
    ]);
    expect(detail.revisions[0].replicaSets[0].pods).toEqual([
      {
        name: 'canary-demo-65fb5ffc84-9wf5r',
        status: 'ImagePullBackOff',
        ready: '0/1',
        restarts: 0,
        createdAt: canary.pods[0].metadata.creationTimestamp,
      },
    ]);
    expect(detail.revisions[1].replicaSets[0].pods).toHaveLength(5);
    expect(detail.containers).toEqual([
      { name: 'canary-demo', image: 'argoproj/rollouts-demo:does-not-exist' },
    ]);
  });

  it('ignores objects owned by another rollout', () => {
    const foreign: KubeObject = {
      ...canary.replicaSets[0],
      metadata: {
        ...canary.replicaSets[0].metadata,
        name: 'other-1234',
        uid: 'other-rs',
        ownerReferences: [
          { kind: 'Rollout', name: 'other', uid: 'someone-else' },
        ],
      },
    };
    const detail = describeRollout(
      'prod',
      objectsFor(canary, 0, { replicaSets: [...canary.replicaSets, foreign] }),
      NOW,
    );
    expect(
      detail.revisions.flatMap(r => r.replicaSets.map(rs => rs.name)),
    ).not.toContain('other-1234');
  });

  it('tags ping-pong ReplicaSets', () => {
    const summary = summarizeRollout('prod', objectsFor(canary, 3), NOW);
    expect(summary.images.map(i => i.tags)).toEqual([
      ['canary', 'ping'],
      ['stable', 'pong'],
    ]);
  });

  it('takes the actual weight from the traffic router, else the desired weight', () => {
    const withWeights = describeRollout('prod', objectsFor(canary, 4), NOW);
    expect(withWeights.actualWeight).toBe(20);
    expect(withWeights.canaryTraffic).toMatchObject({
      canaryWeight: 20,
      trafficRouting: 'smi',
    });
    const withoutWeights = summarizeRollout('prod', objectsFor(canary, 5), NOW);
    expect(withoutWeights.actualWeight).toBe(withoutWeights.setWeight);
  });

  it('reads the containers of a workloadRef target when given', () => {
    const detail = describeRollout(
      'prod',
      objectsFor(canary, 2, { workload: canary.deployments[0] }),
      NOW,
    );
    expect(detail.workloadRef).toEqual({
      kind: 'Deployment',
      name: 'canary-demo-deploy',
    });
    expect(detail.containers.map(c => c.image)).toEqual([
      'argoproj/rollouts-demo:red',
    ]);
  });

  it('recognises Argo CD tracking by annotation, not by the instance label alone', () => {
    const rollout = canary.rollouts[4];
    expect(rollout.metadata.labels?.['app.kubernetes.io/instance']).toBe(
      'jesse-test',
    );
    expect(
      summarizeRollout('prod', objectsFor(canary, 4), NOW).managedByArgoCD,
    ).toBe(false);
    const tracked = {
      ...rollout,
      metadata: {
        ...rollout.metadata,
        annotations: {
          'argocd.argoproj.io/tracking-id':
            'demo:argoproj.io/Rollout:jesse-test/canary-demo-weights',
        },
      },
    };
    expect(
      summarizeRollout(
        'prod',
        { ...objectsFor(canary, 4), rollout: tracked },
        NOW,
      ).managedByArgoCD,
    ).toBe(true);
  });

  it('gives a timed canary pause its deadline', () => {
    const base = canary.rollouts[0];
    const paused: KubeObject = {
      ...base,
      status: {
        ...base.status,
        currentStepIndex: 3,
        conditions: [],
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2026-08-17T16:20:00Z' },
        ],
      },
    };
    const detail = describeRollout(
      'prod',
      { ...objectsFor(canary, 0), rollout: paused },
      NOW,
    );
    expect(detail.phase).toBe('Paused');
    expect(detail.pauseConditions).toEqual([
      {
        reason: 'CanaryPauseStep',
        startTime: '2026-08-17T16:20:00Z',
        deadline: '2026-08-17T16:20:10Z',
      },
    ]);
    expect(detail.setWeight).toBe(40);
    expect(detail.steps.map(s => s.state)).toEqual([
      'done',
      'done',
      'done',
      'current',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('keeps events about the rollout, newest first', () => {
    const rollout = canary.rollouts[0];
    const event = (
      name: string,
      uid: string,
      at: string,
      reason: string,
    ): KubeObject => ({
      kind: 'Event',
      metadata: { name, namespace: 'jesse-test', uid: `${name}-uid` },
      involvedObject: { kind: 'Rollout', name: 'canary-demo', uid },
      reason,
      message: `${reason} happened`,
      type: 'Normal',
      count: 1,
      lastTimestamp: at,
    });
    const detail = describeRollout(
      'prod',
      objectsFor(canary, 0, {
        events: [
          event(
            'a',
            rollout.metadata.uid!,
            '2026-08-17T10:00:00Z',
            'RolloutUpdated',
          ),
          event('b', 'another-uid', '2026-08-17T11:00:00Z', 'Foreign'),
          event(
            'c',
            rollout.metadata.uid!,
            '2026-08-17T12:00:00Z',
            'RolloutStepCompleted',
          ),
        ],
      }),
      NOW,
    );
    expect(detail.events.map(e => e.reason)).toEqual([
      'RolloutStepCompleted',
      'RolloutUpdated',
    ]);
  });

  it('keeps the events of its ReplicaSets too, each naming its object', () => {
    const objects = objectsFor(canary, 0);
    const rs = objects.replicaSets.find(r =>
      (r.metadata.ownerReferences ?? []).some(
        o => o.uid === objects.rollout.metadata.uid,
      ),
    )!;
    const detail = describeRollout(
      'prod',
      {
        ...objects,
        events: [
          {
            kind: 'Event',
            metadata: { name: 'rs-event', namespace: 'jesse-test', uid: 'e1' },
            involvedObject: {
              kind: 'ReplicaSet',
              name: rs.metadata.name,
              uid: rs.metadata.uid,
            },
            reason: 'SuccessfulCreate',
            message: 'Created pod',
            type: 'Normal',
            count: 2,
            lastTimestamp: '2026-08-17T10:00:00Z',
          },
          {
            kind: 'Event',
            metadata: { name: 'other-rs', namespace: 'jesse-test', uid: 'e2' },
            involvedObject: { kind: 'ReplicaSet', name: 'x', uid: 'x' },
            reason: 'Foreign',
            message: '',
            type: 'Normal',
            lastTimestamp: '2026-08-17T11:00:00Z',
          },
        ],
      },
      NOW,
    );
    expect(detail.events).toEqual([
      {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: 'Created pod',
        count: 2,
        lastTimestamp: '2026-08-17T10:00:00Z',
        object: { kind: 'ReplicaSet', name: rs.metadata.name },
      },
    ]);
  });

  it('gives each revision the pod template of its ReplicaSet', () => {
    const detail = describeRollout('prod', objectsFor(canary, 0), NOW);
    expect(detail.revisions.length).toBeGreaterThan(1);
    for (const revision of detail.revisions) {
      expect(revision.podTemplate?.containers.map(c => c.image)).toEqual(
        revision.images,
      );
    }
  });
});

describe('describeRollout on the blue-green fixtures', () => {
  const blueGreen = loadScenario('blue-green', NOW);

  it('describes services, selectors and the indefinite pause', () => {
    const detail = describeRollout('prod', objectsFor(blueGreen), NOW);
    expect(detail).toMatchObject({
      strategy: 'blueGreen',
      phase: 'Paused',
      message: 'BlueGreenPause',
      step: null,
      setWeight: null,
      actualWeight: null,
      steps: [],
      pauseConditions: [
        { reason: 'BlueGreenPause', startTime: '2019-10-28T04:50:20Z' },
      ],
    });
    expect(detail.pauseConditions[0].deadline).toBeUndefined();
    expect(detail.blueGreen).toEqual({
      activeService: 'bluegreen-demo',
      previewService: 'bluegreen-demo-preview',
      activePodHash: '6cbccd9f99',
      previewPodHash: '74b948fccb',
      autoPromotionEnabled: false,
      scaleDownDelaySeconds: 30,
    });
    expect(detail.images).toEqual([
      { image: 'argoproj/rollouts-demo:blue', tags: ['stable', 'active'] },
      { image: 'argoproj/rollouts-demo:green', tags: ['preview'] },
    ]);
  });

  it('computes the auto-promotion time from autoPromotionSeconds', () => {
    const rollout = blueGreen.rollouts[0];
    const timed: KubeObject = {
      ...rollout,
      spec: {
        ...rollout.spec,
        strategy: {
          blueGreen: {
            ...rollout.spec.strategy.blueGreen,
            autoPromotionEnabled: true,
            autoPromotionSeconds: 600,
          },
        },
      },
    };
    const detail = describeRollout(
      'prod',
      { ...objectsFor(blueGreen), rollout: timed },
      NOW,
    );
    expect(detail.pauseConditions[0].deadline).toBe('2019-10-28T05:00:20Z');
    expect(detail.blueGreen).toMatchObject({
      autoPromotionSeconds: 600,
      autoPromotionAt: '2019-10-28T05:00:20Z',
    });
  });
});

describe('describeRollout with analysis', () => {
  it('explains an abort caused by a failed analysis', () => {
    const aborted = loadScenario('rollout-aborted', NOW);
    const detail = describeRollout('prod', objectsFor(aborted), NOW);
    expect(detail).toMatchObject({
      aborted: true,
      phase: 'Degraded',
      setWeight: 0,
      abortedByAnalysis: {
        analysisRun: 'rollout-background-analysis-db976bc44-2',
        metric: 'web',
        message:
          'metric "web" assessed Failed due to failed (1) > failureLimit (0)',
      },
    });
    const [run] = detail.analysisRuns;
    expect(run).toMatchObject({
      kind: 'background',
      phase: 'Failed',
      revision: 2,
    });
    expect(run.metrics).toEqual([
      {
        name: 'web',
        phase: 'Failed',
        successCondition: 'result == "true"',
        failureLimit: 0,
        inconclusiveLimit: 0,
        consecutiveErrorLimit: 4,
        interval: '5s',
        provider: {
          type: 'web',
          url: 'https://jsonplaceholder.typicode.com/todos/1',
          jsonPath: '{$.completed}',
        },
        counts: {
          measured: 1,
          successful: 0,
          failed: 1,
          inconclusive: 0,
          error: 0,
          consecutiveError: 0,
        },
        measurements: [
          {
            phase: 'Failed',
            value: 'false',
            startedAt: run.metrics[0].measurements[0].startedAt,
            finishedAt: run.metrics[0].measurements[0].finishedAt,
          },
        ],
      },
    ]);
  });

  it('summarises a background Job analysis, its experiment and the inconclusive pause', () => {
    const scenario = loadScenario('experiment-analysis', NOW);
    const detail = describeRollout('prod', objectsFor(scenario), NOW);
    expect(detail.abortedByAnalysis).toBeUndefined();
    expect(detail.pauseConditions).toEqual([
      { reason: 'InconclusiveAnalysisRun', startTime: '2019-10-30T16:13:40Z' },
    ]);
    const [run] = detail.analysisRuns;
    expect(run.metrics[0]).toMatchObject({
      name: 'random-fail',
      failureLimit: 5,
      inconclusiveLimit: 1,
      consecutiveErrorLimit: 4,
      count: 10,
      provider: { type: 'job' },
      counts: {
        measured: 8,
        successful: 4,
        failed: 4,
        inconclusive: 1,
        error: 1,
      },
    });
    expect(run.jobs?.map(j => j.phase)).toEqual([
      'Failed',
      'Successful',
      'Successful',
      'Failed',
      'Failed',
      'Successful',
      'Failed',
      'Successful',
    ]);
    expect(detail.experiments).toHaveLength(1);
    expect(detail.experiments[0]).toMatchObject({
      phase: 'Running',
      revision: 2,
    });
    expect(detail.experiments[0].replicaSets.map(rs => rs.tags)).toEqual([
      [],
      [],
    ]);
    expect(detail.steps.map(s => [s.state, s.description])).toEqual([
      ['done', 'Set weight to 25%'],
      ['current', 'Run experiment: baseline, canary'],
    ]);
  });

  it('tags experiment images with their template', () => {
    const scenario = loadScenario('experiment-step', NOW);
    const summary = summarizeRollout('prod', objectsFor(scenario), NOW);
    expect(summary.images).toEqual([
      {
        image: 'argoproj/rollouts-demo:blue',
        tags: [],
        experimentTemplates: ['canary-preview'],
      },
      { image: 'argoproj/rollouts-demo:green', tags: ['stable'] },
    ]);
  });
});
