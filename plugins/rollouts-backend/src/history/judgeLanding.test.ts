import { REVISION_ANNOTATION } from '@gradual/plugin-rollouts-common';
import { PatchCall } from '../actions/actionTable';
import { JSON_PATCH, MERGE_PATCH } from '../kube/KubeClient';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { judgeLanding, showsPatch } from './judgeLanding';

/** A canary of revision 3 at `step`, at resourceVersion `rv`. */
const canary = (rv: string, step: number, status: any = {}): KubeObject => ({
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'ro-uid',
    resourceVersion: rv,
    annotations: { [REVISION_ANNOTATION]: '3' },
  },
  spec: {
    template: { spec: { containers: [{ name: 'app', image: 'shop:v1' }] } },
    strategy: {
      canary: {
        steps: [
          { setWeight: 20 },
          { pause: {} },
          { setWeight: 60 },
          { pause: {} },
        ],
      },
    },
  },
  status: { currentStepIndex: step, ...status },
});

const promoteCalls: PatchCall[] = [
  {
    target: 'status',
    contentType: MERGE_PATCH,
    body: { status: { pauseConditions: null } },
    fallbackBody: {
      spec: { paused: false },
      status: { pauseConditions: null },
    },
  },
];
const paused = { pauseConditions: [{ reason: 'CanaryPauseStep' }] };
const promote = {
  action: 'promote' as const,
  before: { step: 1, revision: '3' },
};
const noWorkload = () => undefined;

describe('judgeLanding', () => {
  it('did not land when the rollout is still at the resourceVersion the patch carries', () => {
    const verdict = judgeLanding(
      promote,
      { resourceVersion: '10', calls: promoteCalls },
      { rollout: canary('10', 1, paused), workload: noWorkload },
    );
    expect(verdict.outcome).toBe('not-landed');
    expect(verdict.message).toMatch(
      /stopped before recording its outcome; it did not land: the rollout is unchanged since the decision \(resourceVersion 10\)/,
    );
  });

  it('landed when a promoted canary moved past the step of the decision, though paused again', () => {
    const verdict = judgeLanding(
      promote,
      { resourceVersion: '10', calls: promoteCalls },
      { rollout: canary('17', 3, paused), workload: noWorkload },
    );
    expect(verdict).toEqual({
      outcome: 'landed',
      message: expect.stringMatching(/moved past step 1 \(now at step 3\)/),
    });
  });

  it('landed when the patched fields hold the patched values', () => {
    const abort: PatchCall[] = [
      {
        target: 'status',
        contentType: MERGE_PATCH,
        body: { status: { abort: true } },
      },
    ];
    expect(
      judgeLanding(
        { action: 'abort', before: { step: 1, revision: '3' } },
        { resourceVersion: '10', calls: abort },
        {
          rollout: canary('12', 0, { abort: true }),
          workload: noWorkload,
        },
      ).outcome,
    ).toBe('landed');
  });

  it('is unknown when the rollout changed but does not show the change, or is gone', () => {
    const changedElsewhere = judgeLanding(
      promote,
      { resourceVersion: '10', calls: promoteCalls },
      // Another revision started: the step says nothing of this promote.
      {
        rollout: {
          ...canary('30', 1, paused),
          metadata: {
            name: 'web',
            uid: 'ro-uid',
            resourceVersion: '30',
            annotations: { [REVISION_ANNOTATION]: '4' },
          },
        },
        workload: noWorkload,
      },
    );
    expect(changedElsewhere.outcome).toBe('unknown');
    expect(changedElsewhere.message).toMatch(
      /resourceVersion 10 → 30\) but does not show the action's change/,
    );
    expect(
      judgeLanding(
        promote,
        { resourceVersion: '10', calls: promoteCalls },
        { rollout: undefined, workload: noWorkload },
      ),
    ).toEqual({
      outcome: 'unknown',
      message: expect.stringMatching(/the rollout no longer exists/),
    });
  });

  it("judges a workloadRef patch on the workload's own resourceVersion", () => {
    const setImage: PatchCall = {
      target: 'workload',
      workload: {
        kind: 'Deployment',
        name: 'web-deploy',
        resourceVersion: '5',
      },
      contentType: JSON_PATCH,
      body: [
        {
          op: 'test',
          path: '/spec/template/spec/containers/0/image',
          value: 'shop:v1',
        },
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: 'shop:v2',
        },
      ],
    };
    const deployment = (rv: string, image: string): KubeObject => ({
      metadata: { name: 'web-deploy', uid: 'deploy-uid', resourceVersion: rv },
      spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
    });
    const judge = (workload: KubeObject | undefined) =>
      judgeLanding(
        { action: 'set-image' },
        // The rollout itself moved on (the controller): only the workload counts.
        { resourceVersion: '10', calls: [setImage] },
        { rollout: canary('11', 0), workload: () => workload },
      ).outcome;
    expect(judge(deployment('5', 'shop:v1'))).toBe('not-landed');
    expect(judge(deployment('6', 'shop:v2'))).toBe('landed');
    expect(judge(deployment('7', 'shop:v3'))).toBe('unknown');
    expect(judge(undefined)).toBe('unknown');
  });
});

describe('showsPatch', () => {
  it('reads null as absent or empty, false as unset, and the unified fallback body', () => {
    const ro = canary('1', 2, { pauseConditions: [] });
    expect(showsPatch(ro, promoteCalls[0])).toBe(true);
    expect(
      showsPatch(ro, {
        target: 'main',
        contentType: MERGE_PATCH,
        body: { spec: { paused: false } },
      }),
    ).toBe(true);
    expect(
      showsPatch(ro, {
        target: 'main',
        contentType: MERGE_PATCH,
        body: { spec: { paused: true } },
      }),
    ).toBe(false);
    expect(
      showsPatch(canary('1', 1, paused), {
        target: 'status',
        contentType: MERGE_PATCH,
        body: { status: { pauseConditions: null } },
        fallbackBody: { spec: { restartAt: 'x' } },
      }),
    ).toBe(false);
  });
});
