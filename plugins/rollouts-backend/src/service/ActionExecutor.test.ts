/*
 * The executor's branches against the KubeRequester interface: the kubectl
 * plugin's /status → main fallback, stale writes (409, a failed JSON patch
 * `test`) decided again on fresh state, the bound on attempts, and the patch
 * of a workloadRef Deployment.
 */
import { ConflictError } from '@backstage/errors';
import { describeRollout } from '@gradual/plugin-rollouts-common';
import { ACTION_TABLE } from '../actions/actionTable';
import { KubeApiError, RequestOptions } from '../kube/KubeClient';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import {
  ActionExecution,
  ActionExecutor,
  KubeRequester,
  MAX_DECISION_ATTEMPTS,
} from './ActionExecutor';

const RO_PATH = '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web';
const DEPLOY_PATH = '/apis/apps/v1/namespaces/shop/deployments/web-deploy';

type Call = { method: string; path: string; body?: unknown };

/** A requester answering from `handle`, recording every call. */
function requester(
  handle: (call: Call, index: number) => unknown | Promise<unknown>,
): KubeRequester & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async request<T>(method: string, path: string, options?: RequestOptions) {
      const call = { method, path, body: options?.body };
      calls.push(call);
      return (await handle(call, calls.length - 1)) as T;
    },
  };
}

const kubeError = (statusCode: number, message = `HTTP ${statusCode}`) =>
  new KubeApiError('local', message, statusCode);

/** A canary paused at step 1 (and by hand), at resourceVersion `rv`. */
const pausedCanary = (rv: string, extra: any = {}): KubeObject => ({
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'ro-uid',
    resourceVersion: rv,
  },
  spec: {
    paused: true,
    template: { spec: { containers: [{ name: 'app', image: 'shop:v1' }] } },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
    ...extra.spec,
  },
  status: {
    currentPodHash: 'new',
    stableRS: 'old',
    currentStepIndex: 1,
    controllerPause: true,
    pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't' }],
  },
});

const run = (
  client: KubeRequester,
  action: keyof typeof ACTION_TABLE,
  request = {},
  hooks: Pick<ActionExecution, 'beforeSend'> = {},
) =>
  new ActionExecutor(client).run({
    def: ACTION_TABLE[action],
    request,
    namespace: 'shop',
    name: 'web',
    describe: live =>
      describeRollout('local', {
        rollout: live,
        replicaSets: [],
        pods: [],
        analysisRuns: [],
        experiments: [],
      }),
    ...hooks,
  });

describe('ActionExecutor', () => {
  it('sends promote as the CLI does: /status, then the main resource, each with the resourceVersion it was decided on', async () => {
    const client = requester(({ method, path }) => {
      if (method === 'GET') return pausedCanary('10');
      return pausedCanary(path.endsWith('/status') ? '11' : '12');
    });
    const result = await run(client, 'promote');
    expect(client.calls).toEqual([
      { method: 'GET', path: RO_PATH, body: undefined },
      {
        method: 'PATCH',
        path: `${RO_PATH}/status`,
        body: {
          status: { pauseConditions: null },
          metadata: { resourceVersion: '10' },
        },
      },
      {
        method: 'PATCH',
        path: RO_PATH,
        body: { spec: { paused: false }, metadata: { resourceVersion: '11' } },
      },
    ]);
    expect(result.rollout.metadata.resourceVersion).toBe('12');
    expect(result.forced).toBe(false);
  });

  it('falls back to the main resource with the unified body when /status answers 404, and skips the rest', async () => {
    const client = requester(({ method, path }) => {
      if (method === 'GET') return pausedCanary('10');
      if (path.endsWith('/status')) throw kubeError(404);
      return pausedCanary('11');
    });
    await run(client, 'promote');
    expect(client.calls.map(c => [c.method, c.path, c.body])).toEqual([
      ['GET', RO_PATH, undefined],
      ['PATCH', `${RO_PATH}/status`, expect.anything()],
      [
        'PATCH',
        RO_PATH,
        {
          spec: { paused: false },
          status: { pauseConditions: null },
          metadata: { resourceVersion: '10' },
        },
      ],
    ]);
  });

  it('decides again on fresh state after a 409 from the first patch', async () => {
    let gets = 0;
    const client = requester(({ method }, i) => {
      if (method === 'GET') return pausedCanary(String(10 + gets++));
      if (i === 1) throw kubeError(409);
      return pausedCanary('20');
    });
    await run(client, 'abort');
    const patches = client.calls.filter(c => c.method === 'PATCH');
    expect(patches.map(p => (p.body as any).metadata.resourceVersion)).toEqual([
      '10',
      '11',
    ]);
  });

  it('calls beforeSend with each decision before its patches; a throw there sends nothing', async () => {
    let gets = 0;
    const seen: string[] = [];
    const client = requester(({ method }, i) => {
      if (method === 'GET') return pausedCanary(String(10 + gets++));
      seen.push(`patch ${i}`);
      if (i === 1) throw kubeError(409);
      return pausedCanary('20');
    });
    await run(
      client,
      'abort',
      {},
      {
        beforeSend: async (live, calls) => {
          seen.push(
            `before ${live.metadata.resourceVersion}: ${JSON.stringify(
              calls.map(c => c.body),
            )}`,
          );
        },
      },
    );
    expect(seen).toEqual([
      'before 10: [{"status":{"abort":true}}]',
      'patch 1',
      'before 11: [{"status":{"abort":true}}]',
      'patch 3',
    ]);

    const refused = requester(() => pausedCanary('10'));
    await expect(
      run(
        refused,
        'abort',
        {},
        {
          beforeSend: async () => {
            throw new Error('history unavailable');
          },
        },
      ),
    ).rejects.toThrow('history unavailable');
    expect(refused.calls.map(c => c.method)).toEqual(['GET']);
  });

  it('treats a 422 as stale only when the resourceVersion moved (a failed `test` op), else answers it as is', async () => {
    // set-image is a JSON patch; here the API server rejects it for another reason.
    const sameVersion = requester(({ method }) => {
      if (method === 'GET') return pausedCanary('10');
      throw kubeError(422, 'the server rejected our request: invalid value');
    });
    await expect(
      run(sameVersion, 'set-image', { container: 'app', image: 'shop:v2' }),
    ).rejects.toMatchObject({ statusCode: 422 });
    expect(sameVersion.calls.filter(c => c.method === 'PATCH')).toHaveLength(1);

    let gets = 0;
    const moved = requester(({ method }, i) => {
      if (method === 'GET') return pausedCanary(String(10 + gets++));
      if (i === 1) throw kubeError(422, 'testing value failed');
      return pausedCanary('30');
    });
    const result = await run(moved, 'set-image', {
      container: 'app',
      image: 'shop:v2',
    });
    expect(result.rollout.metadata.resourceVersion).toBe('30');
    // GET, PATCH (422), GET (rv moved: stale), GET (round 2), PATCH.
    expect(moved.calls.map(c => c.method)).toEqual([
      'GET',
      'PATCH',
      'GET',
      'GET',
      'PATCH',
    ]);
  });

  it('answers 409 when a patch of the attempt already landed, or after the last attempt', async () => {
    const landed = requester(({ method, path }) => {
      if (method === 'GET') return pausedCanary('10');
      if (path.endsWith('/status')) return pausedCanary('11');
      throw kubeError(409);
    });
    await expect(run(landed, 'promote')).rejects.toThrow(ConflictError);
    expect(landed.calls.filter(c => c.method === 'PATCH')).toHaveLength(2);

    let gets = 0;
    const busy = requester(({ method }) => {
      if (method === 'GET') return pausedCanary(String(10 + gets++));
      throw kubeError(409);
    });
    await expect(run(busy, 'abort')).rejects.toThrow(/moved on/);
    expect(busy.calls.filter(c => c.method === 'PATCH')).toHaveLength(
      MAX_DECISION_ATTEMPTS,
    );
  });

  it('patches the workloadRef Deployment with its own resourceVersion, then reads the rollout again', async () => {
    const withRef = pausedCanary('10', {
      spec: {
        template: undefined,
        workloadRef: { kind: 'Deployment', name: 'web-deploy' },
      },
    });
    const deployment = {
      metadata: { name: 'web-deploy', namespace: 'shop', resourceVersion: '5' },
      spec: {
        template: { spec: { containers: [{ name: 'app', image: 'a:1' }] } },
      },
    };
    const client = requester(({ method, path }) => {
      if (path === DEPLOY_PATH) return method === 'GET' ? deployment : {};
      return withRef;
    });
    await run(client, 'set-image', { container: 'app', image: 'a:2' });
    expect(client.calls).toEqual([
      { method: 'GET', path: RO_PATH, body: undefined },
      { method: 'GET', path: DEPLOY_PATH, body: undefined },
      {
        method: 'PATCH',
        path: DEPLOY_PATH,
        body: [
          { op: 'test', path: '/metadata/resourceVersion', value: '5' },
          {
            op: 'test',
            path: '/spec/template/spec/containers/0/image',
            value: 'a:1',
          },
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: 'a:2',
          },
        ],
      },
      { method: 'GET', path: RO_PATH, body: undefined },
    ]);
  });
});
