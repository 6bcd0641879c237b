import { ConflictError, InputError } from '@backstage/errors';
import { describeRollout } from '@gradual/plugin-rollouts-common';
import { ACTION_TABLE, PlanContext, getActionDefinition } from './actionTable';
import { decideAction } from './decideAction';
import { withResourceVersion } from './preconditions';
import { KubeObject } from '@gradual/plugin-rollouts-common';

const canary = (status: any = {}, spec: any = {}): KubeObject => ({
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'ro-uid',
    resourceVersion: '42',
  },
  spec: {
    template: { spec: { containers: [{ name: 'app', image: 'shop:v2' }] } },
    strategy: {
      canary: {
        steps: [
          { setWeight: 20 },
          { pause: {} },
          { setWeight: 50 },
          { pause: {} },
        ],
      },
    },
    ...spec,
  },
  status: {
    currentPodHash: 'new',
    stableRS: 'old',
    currentStepIndex: 1,
    ...status,
  },
});

const blueGreen = (status: any = {}, spec: any = {}): KubeObject => ({
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'ro-uid',
    resourceVersion: '42',
  },
  spec: { strategy: { blueGreen: { activeService: 'a' } }, ...spec },
  status: { currentPodHash: 'new', stableRS: 'old', ...status },
});

const deployment: KubeObject = {
  metadata: {
    name: 'web-deploy',
    namespace: 'shop',
    uid: 'deploy-uid',
    resourceVersion: '7',
  },
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'init', image: 'init:v1' }],
        containers: [{ name: 'app', image: 'shop:v1' }],
      },
    },
  },
};

const context = (
  rollout: KubeObject,
  request: PlanContext['request'] = {},
  replicaSets: KubeObject[] = [],
): PlanContext => ({
  rollout,
  request,
  now: new Date('2026-11-21T10:00:00.123Z'),
  listReplicaSets: async () => replicaSets,
  getWorkload: async (kind, name) => {
    if (name !== deployment.metadata.name) throw new Error(`no ${name}`);
    return { ...deployment, kind };
  },
});

const plan = (
  name: keyof typeof ACTION_TABLE,
  rollout: KubeObject,
  request: PlanContext['request'] = {},
) => ACTION_TABLE[name].plan(context(rollout, request));

/** The rule on the rollout as described, then the plan (what the executor runs). */
const decide = (
  name: keyof typeof ACTION_TABLE,
  rollout: KubeObject,
  request: PlanContext['request'] = {},
) =>
  decideAction(
    ACTION_TABLE[name],
    describeRollout('local', {
      rollout,
      replicaSets: [],
      pods: [],
      analysisRuns: [],
      experiments: [],
    }),
    context(rollout, request),
  );

const paused = {
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't' }],
  controllerPause: true,
};

describe('ACTION_TABLE: the kubectl plugin calls', () => {
  it('promote D2 clears the pause conditions on /status, with the unified fallback', async () => {
    expect(await plan('promote', canary(paused))).toEqual([
      {
        target: 'status',
        contentType: 'application/merge-patch+json',
        body: { status: { pauseConditions: null } },
        fallbackBody: {
          spec: { paused: false },
          status: { pauseConditions: null },
        },
      },
    ]);
  });

  it('promote D1 (inconclusive step analysis) also resets controllerPause and advances the step', async () => {
    const ro = canary({
      ...paused,
      canary: { currentStepAnalysisRunStatus: { status: 'Inconclusive' } },
    });
    const [call] = await plan('promote', ro);
    expect(call.body).toEqual({
      status: {
        pauseConditions: null,
        controllerPause: false,
        currentStepIndex: 2,
      },
    });
  });

  it('promote D3 skips the current step of a progressing canary', async () => {
    const [call] = await plan('promote', canary({ currentStepIndex: 2 }));
    expect(call.body).toEqual({
      status: { pauseConditions: null, currentStepIndex: 3 },
    });
  });

  it('promote unpauses spec.paused with a second call on the main resource', async () => {
    const calls = await plan('promote', canary(paused, { paused: true }));
    expect(calls.map(c => [c.target, c.body])).toEqual([
      ['status', { status: { pauseConditions: null } }],
      ['main', { spec: { paused: false } }],
    ]);
  });

  it('promote is refused (409, by the rule) for a rollout already resuming, or with nothing to promote', async () => {
    await expect(
      decide('promote', canary({ controllerPause: true, pauseConditions: [] })),
    ).rejects.toThrow(/already resuming/);
    await expect(decide('promote', blueGreen())).rejects.toThrow(ConflictError);
    await expect(
      decide('promote', canary({ currentStepIndex: 4 })),
    ).rejects.toThrow(/no step left/);
  });

  it('promote of a Degraded canary with steps left: 409 with the warning, the next step with force', async () => {
    const degraded = canary({
      currentStepIndex: 0,
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "web-new" has timed out progressing.',
        },
      ],
    });
    await expect(decide('promote', degraded)).rejects.toThrow(
      /Degraded: promoting would skip a step of an unhealthy update.*force/,
    );
    await expect(decide('promote', degraded, { force: false })).rejects.toThrow(
      ConflictError,
    );
    const forced = await decide('promote', degraded, { force: true });
    expect(forced).toMatchObject({
      forced: true,
      warning: expect.stringMatching(/Degraded/),
    });
    expect(forced.calls.map(c => [c.target, c.body])).toEqual([
      ['status', { status: { pauseConditions: null, currentStepIndex: 1 } }],
    ]);
    // force only lifts a forceable refusal, and is not "forced" when not needed.
    await expect(
      decide('promote', canary({ abort: true }), { force: true }),
    ).rejects.toThrow(/aborted/);
    expect(
      await decide('promote', canary(paused), { force: true }),
    ).toMatchObject({ forced: false });
  });

  it('promote of a paused blue-green clears BlueGreenPause', async () => {
    const [call] = await plan(
      'promote',
      blueGreen({
        pauseConditions: [{ reason: 'BlueGreenPause' }],
        controllerPause: true,
      }),
    );
    expect(call.body).toEqual({ status: { pauseConditions: null } });
  });

  it('promote-full sets status.promoteFull and unpauses', async () => {
    const calls = await plan('promote-full', canary({}, { paused: true }));
    expect(calls.map(c => [c.target, c.body])).toEqual([
      ['status', { status: { promoteFull: true } }],
      ['main', { spec: { paused: false } }],
    ]);
    await expect(
      decide('promote-full', canary({ currentPodHash: 'a', stableRS: 'a' })),
    ).rejects.toThrow(/fully promoted/);
  });

  it('skip-step increments currentStepIndex only', async () => {
    const [call] = await plan('skip-step', canary({ currentStepIndex: 0 }));
    expect(call).toMatchObject({
      target: 'status',
      body: { status: { currentStepIndex: 1 } },
    });
    await expect(plan('skip-step', blueGreen())).rejects.toThrow(InputError);
  });

  it('abort and retry patch status.abort', async () => {
    expect((await plan('abort', canary()))[0]).toMatchObject({
      target: 'status',
      body: { status: { abort: true } },
    });
    await expect(decide('abort', canary({ abort: true }))).rejects.toThrow(
      /already aborted/,
    );
    expect((await plan('retry', canary({ abort: true })))[0]).toMatchObject({
      body: { status: { abort: false } },
    });
    await expect(decide('retry', canary())).rejects.toThrow(/aborted/);
  });

  it('pause / resume set spec.paused on the main resource', async () => {
    expect(await plan('pause', canary())).toEqual([
      {
        target: 'main',
        contentType: 'application/merge-patch+json',
        body: { spec: { paused: true } },
      },
    ]);
    await expect(decide('pause', canary({}, { paused: true }))).rejects.toThrow(
      ConflictError,
    );
    expect(
      (await plan('resume', canary({}, { paused: true })))[0].body,
    ).toEqual({ spec: { paused: false } });
    await expect(decide('resume', canary())).rejects.toThrow(/not paused/);
    // A pause step is promote's: resume only clears spec.paused, like the CLI.
    await expect(decide('resume', canary(paused))).rejects.toThrow(
      /promote it/,
    );
  });

  it('restart sets spec.restartAt in RFC3339 without fractions', async () => {
    expect((await plan('restart', canary()))[0].body).toEqual({
      spec: { restartAt: '2026-11-21T10:00:00Z' },
    });
  });

  it('set-image is a JSON patch testing the old image', async () => {
    const [call] = await plan('set-image', canary(), {
      container: 'app',
      image: 'shop:v3',
    });
    expect(call).toEqual({
      target: 'main',
      contentType: 'application/json-patch+json',
      body: [
        {
          op: 'test',
          path: '/spec/template/spec/containers/0/image',
          value: 'shop:v2',
        },
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: 'shop:v3',
        },
      ],
    });
    await expect(
      plan('set-image', canary(), { container: 'nope', image: 'x' }),
    ).rejects.toThrow(InputError);
    // The image is already set: nothing to send (the CLI's update is a no-op too).
    expect(
      await plan('set-image', canary(), { container: 'app', image: 'shop:v2' }),
    ).toEqual([]);
  });

  it('set-image of a workloadRef rollout patches the Deployment it names, whatever the ref kind', async () => {
    const ro = canary(
      {},
      {
        template: undefined,
        workloadRef: {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-deploy',
        },
      },
    );
    expect(
      await plan('set-image', ro, { container: '*', image: 'shop:v9' }),
    ).toEqual([
      {
        target: 'workload',
        workload: {
          kind: 'Deployment',
          name: 'web-deploy',
          resourceVersion: '7',
        },
        contentType: 'application/json-patch+json',
        body: [
          {
            op: 'test',
            path: '/spec/template/spec/initContainers/0/image',
            value: 'init:v1',
          },
          {
            op: 'replace',
            path: '/spec/template/spec/initContainers/0/image',
            value: 'shop:v9',
          },
          {
            op: 'test',
            path: '/spec/template/spec/containers/0/image',
            value: 'shop:v1',
          },
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: 'shop:v9',
          },
        ],
      },
    ]);
    await expect(
      plan('set-image', ro, { container: 'nope', image: 'x' }),
    ).rejects.toThrow(/unable to find container named "nope"/);
  });

  it('undo replaces /spec/template with the previous revision minus the hash label', async () => {
    const rs = (revision: number, image: string) => ({
      metadata: {
        name: `web-${revision}`,
        uid: `rs${revision}`,
        annotations: { 'rollout.argoproj.io/revision': String(revision) },
      },
      spec: {
        template: {
          metadata: {
            labels: {
              app: 'web',
              'rollouts-pod-template-hash': `h${revision}`,
            },
          },
          spec: {
            containers: [
              {
                name: 'app',
                image,
                terminationMessagePath: '/dev/termination-log',
              },
            ],
          },
        },
      },
    });
    const ro = canary(
      {},
      {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: 'shop:v3' }] },
        },
      },
    );
    const ctx = (rollout: KubeObject, toRevision?: number): PlanContext =>
      context(rollout, { toRevision }, [
        rs(1, 'shop:v1'),
        rs(3, 'shop:v3'),
        rs(2, 'shop:v2'),
      ]);
    const [call] = await ACTION_TABLE.undo.plan(ctx(ro));
    expect(call).toEqual({
      target: 'main',
      contentType: 'application/json-patch+json',
      body: [
        {
          op: 'replace',
          path: '/spec/template',
          value: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: 'shop:v2',
                  terminationMessagePath: '/dev/termination-log',
                },
              ],
            },
          },
        },
      ],
    });
    expect((await ACTION_TABLE.undo.plan(ctx(ro, 1)))[0].body).toMatchObject([
      { value: { spec: { containers: [{ image: 'shop:v1' }] } } },
    ]);
    // The CLI's "skipped rollback": the template already matches.
    expect(await ACTION_TABLE.undo.plan(ctx(ro, 3))).toEqual([]);
    await expect(ACTION_TABLE.undo.plan(ctx(ro, 9))).rejects.toThrow(
      /unable to find revision 9/,
    );

    // workloadRef: the same JSON patch goes to the workload, never skipped
    // (the rollout has no template of its own to compare).
    const withRef = (kind: string) =>
      canary(
        {},
        { template: undefined, workloadRef: { kind, name: 'web-deploy' } },
      );
    const [refCall] = await ACTION_TABLE.undo.plan(ctx(withRef('Deployment')));
    expect(refCall).toMatchObject({
      target: 'workload',
      workload: {
        kind: 'Deployment',
        name: 'web-deploy',
        resourceVersion: '7',
      },
      body: call.body,
    });
    expect(
      (await ACTION_TABLE.undo.plan(ctx(withRef('ReplicaSet'))))[0].workload
        ?.kind,
    ).toBe('ReplicaSet');
    await expect(
      ACTION_TABLE.undo.plan(ctx(withRef('PodTemplate'))),
    ).rejects.toThrow(/workload of type PodTemplate is not supported/);
  });

  it('rejects unknown actions, including prototype keys', () => {
    expect(() => getActionDefinition('explode')).toThrow(InputError);
    expect(() => getActionDefinition('__proto__')).toThrow(InputError);
    expect(() => getActionDefinition('constructor')).toThrow(InputError);
  });
});

describe('withResourceVersion', () => {
  it('puts the resourceVersion in merge patches and a test op first in JSON patches', () => {
    expect(
      withResourceVersion(
        {
          target: 'status',
          contentType: 'application/merge-patch+json',
          body: { status: { abort: true } },
        },
        '7',
      ),
    ).toEqual({ status: { abort: true }, metadata: { resourceVersion: '7' } });
    expect(
      withResourceVersion(
        {
          target: 'main',
          contentType: 'application/json-patch+json',
          body: [{ op: 'replace', path: '/a', value: 1 }],
        },
        '7',
      ),
    ).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '7' },
      { op: 'replace', path: '/a', value: 1 },
    ]);
  });
});
