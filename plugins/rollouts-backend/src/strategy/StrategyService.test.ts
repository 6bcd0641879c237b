/*
 * The apply path's race with the controller: the plan's JSON patch starts
 * with a `test` of the resourceVersion it was made on, and the API server
 * answers 422 (generic message, no causes) when the controller wrote the
 * rollout's status in between. The service plans again on the new object,
 * a bounded number of times, and keeps a caller's `expected` binding.
 * The real API server's answer itself is checked in
 * src/kube/jsonPatchConflict.cluster.test.ts.
 */
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  RolloutsPlatformConfig,
  readRolloutsPlatformConfig,
} from '@gradual/plugin-rollouts-common';
import { ConfigReader } from '@backstage/config';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { JSON_PATCH, KubeApiError, RequestOptions } from '../kube/KubeClient';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { RolloutLocator } from '../service/RolloutLocator';
import { StrategyService } from './StrategyService';

const RO_PATH = '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web';
const target = {
  entityRef: 'component:default/shop',
  cluster: 'local',
  namespace: 'shop',
  name: 'web',
};

const rolloutAt = (rv: string): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'ro-uid',
    resourceVersion: rv,
    labels: { 'backstage.io/kubernetes-id': 'shop' },
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'shop:v1' }] },
    },
    strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
  },
});

/** The API server's answer to a JSON patch whose `test` failed. */
const testFailed = () =>
  new KubeApiError(
    'local',
    'the JSON patch did not apply to the current object (a test operation failed or a path it changes does not exist): the server rejected our request due to an error in our request',
    422,
    'Invalid',
  );

describe('StrategyService apply', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });

  async function setup(
    answer: (method: string, index: number, body: unknown) => unknown,
  ) {
    const calls: Array<{ method: string; path: string; body?: unknown }> = [];
    const client = {
      async request<T>(method: string, path: string, options?: RequestOptions) {
        calls.push({ method, path, body: options?.body });
        if (method === 'PATCH') {
          expect(options?.contentType).toBe(JSON_PATCH);
        }
        return (await answer(
          method,
          calls.filter(c => c.method === method).length - 1,
          options?.body,
        )) as T;
      },
    };
    const locator = {
      getEntity: async () => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'shop', namespace: 'default' },
      }),
      authorize: async () => {},
      locate: async () => ({
        cluster: {
          name: 'local',
          client,
          objectsOf: (rollout: KubeObject) => ({
            rollout,
            replicaSets: [],
            pods: [],
            analysisRuns: [],
            experiments: [],
          }),
        },
        selector: {
          requirements: [
            { key: 'backstage.io/kubernetes-id', op: 'eq', value: 'shop' },
          ],
        },
      }),
    } as unknown as RolloutLocator;
    const history = await ActionHistoryStore.create({
      knex: await databases.init('SQLITE_3'),
    });
    const platform: RolloutsPlatformConfig = readRolloutsPlatformConfig(
      new ConfigReader({}),
    );
    const service = new StrategyService({
      locator,
      platform,
      auditor: mockServices.auditor.mock(),
      history,
      logger: mockServices.logger.mock(),
    });
    return { service, calls, history };
  }

  // a basic canary: no Service, Ingress or template to look up
  const spec = {
    strategy: 'canary' as const,
    steps: [{ setWeight: 20 }, { pause: {} }],
  };

  it('plans again when the controller wrote between the plan and the patch', async () => {
    const { service, calls } = await setup((method, i, body) => {
      if (method === 'GET') return rolloutAt(i === 0 ? '10' : '11');
      if (i === 0) throw testFailed();
      const rollout = rolloutAt('12');
      rollout.spec!.strategy = (body as any[])[1].value;
      return rollout;
    });
    const result = await service.change(
      target,
      { spec },
      mockCredentials.user(),
    );
    expect(result.applied).toBe(true);
    expect(result.appliedResourceVersion).toBe('12');
    const patches = calls.filter(c => c.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(patches.map(p => p.path)).toEqual([RO_PATH, RO_PATH]);
    expect((patches[0].body as any[])[0]).toEqual({
      op: 'test',
      path: '/metadata/resourceVersion',
      value: '10',
    });
    expect((patches[1].body as any[])[0].value).toBe('11');
  });

  it('writes the history row as pending before the patch, and completes that one row', async () => {
    const seen: string[] = [];
    const { service, history } = await setup(async (method, _i, body) => {
      if (method === 'GET') return rolloutAt('50');
      const rows = await history.list(target);
      seen.push(rows.map(r => r.outcome).join(','));
      const rollout = rolloutAt('51');
      rollout.spec!.strategy = (body as any[])[1].value;
      return rollout;
    });
    await service.change(target, { spec }, mockCredentials.user());
    expect(seen).toEqual(['pending']);
    const rows = await history.list(target);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'strategy-update',
        outcome: 'succeeded',
        before: { step: 0, revision: '' },
      }),
    ]);
  });

  it('answers 409 when the rollout keeps changing, after a bounded number of plans', async () => {
    let rv = 20;
    const { service, calls } = await setup(method => {
      if (method === 'GET') return rolloutAt(String(rv++));
      throw testFailed();
    });
    const error = await service
      .change(target, { spec }, mockCredentials.user())
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/kept changing/);
    expect(calls.filter(c => c.method === 'PATCH')).toHaveLength(3);
  });

  it("keeps the caller's expected resourceVersion: a newer rollout is a 409, not a retry", async () => {
    const { service, calls } = await setup((method, i) => {
      if (method === 'GET') return rolloutAt(i === 0 ? '30' : '31');
      throw testFailed();
    });
    const error = await service
      .change(
        target,
        { spec, expected: { resourceVersion: '30' } },
        mockCredentials.user(),
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/expected 30/);
    expect(calls.filter(c => c.method === 'PATCH')).toHaveLength(1);
  });

  it('does not retry a 422 when the rollout did not change', async () => {
    const { service, calls } = await setup(method => {
      if (method === 'GET') return rolloutAt('40');
      throw testFailed();
    });
    const error = await service
      .change(target, { spec }, mockCredentials.user())
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(calls.filter(c => c.method === 'PATCH')).toHaveLength(1);
  });
});
