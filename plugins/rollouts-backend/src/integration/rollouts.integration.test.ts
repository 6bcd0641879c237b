/*
 * Integration tests against the REAL local cluster (kube-apiserver + the
 * Argo Rollouts controller of the local cluster), reached through
 * GRADUAL_KUBECONFIG=<admin kubeconfig> (a cluster test).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { waitUntil } from '@gradual/test-utils';
import {
  RolloutsTestBackend,
  startRolloutsBackend,
} from '../__testUtils__/rolloutsBackend';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';

jest.setTimeout(10 * 60_000);

const NS = `gradual-it-${Date.now().toString(36)}`;
const ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'it-shop',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'it-shop',
      'backstage.io/kubernetes-namespace': NS,
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const OTHER = {
  ...ENTITY,
  metadata: {
    name: 'other',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'other' },
  },
};
const BASE = '/api/rollouts/entities/component/default/it-shop/rollouts';
const RO = `${BASE}/local/${NS}/web`;
const MALLORY = 'user:default/mallory';

function rolloutManifest(image: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'web',
      namespace: NS,
      labels: { 'backstage.io/kubernetes-id': 'it-shop', app: 'web' },
    },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image }] },
      },
      strategy: {
        canary: {
          steps: [
            { setWeight: 25 },
            { pause: {} },
            { setWeight: 50 },
            { pause: {} },
          ],
        },
      },
    },
  };
}

/**
 * What a promote (or any action) would change: the spec and the pause state.
 * The controller's own status writes (replica counts, conditions) may land
 * between two reads, so the resourceVersion cannot tell that nothing wrote.
 */
const whatAnActionWrites = (ro: any) => ({
  generation: ro.metadata.generation,
  spec: ro.spec,
  pauseConditions: ro.status?.pauseConditions,
  controllerPause: ro.status?.controllerPause,
  currentStepIndex: ro.status?.currentStepIndex,
  abort: ro.status?.abort,
});

describe('rollouts backend on the real cluster', () => {
  let cluster: TestCluster;
  let backend: RolloutsTestBackend;
  let server: any;
  const actions = actionsRegistryServiceMock();

  const live = () =>
    cluster.admin.request<KubeObject>('GET', rolloutPath(NS, 'web'));
  const summary = async () => {
    const res = await request(server).get(BASE);
    expect(res.status).toBe(200);
    return res.body.items.find((i: any) => i.name === 'web');
  };
  const act = (action: string, body: object = {}, user?: string) =>
    request(server)
      .post(`${RO}/actions/${action}`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(body);

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await cluster.admin.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    await cluster.admin.request(
      'POST',
      `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts`,
      {
        body: rolloutManifest('registry.local/web:1.0.0'),
      },
    );
    backend = await startRolloutsBackend({
      clusters: [cluster.pluginClusterConfig],
      entities: [ENTITY, OTHER],
      authorize: (reqs, credentials) =>
        reqs.map(() =>
          credentials.principal?.userEntityRef === MALLORY
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        ),
      actions,
    });
    server = backend.server;
    await waitUntil(
      'the rollout to become Healthy',
      async () => (await summary())?.phase === 'Healthy',
      120_000,
    );
  });

  afterAll(async () => {
    await cluster?.admin
      .request('DELETE', `/api/v1/namespaces/${NS}`)
      .catch(() => {});
    cluster?.admin.close();
  });

  it('lists the entity rollout from the cache, cluster ok, no token in the response', async () => {
    const res = await request(server).get(BASE);
    expect(res.status).toBe(200);
    expect(res.body.clusters).toEqual([{ name: 'local', status: 'ok' }]);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        cluster: 'local',
        namespace: NS,
        name: 'web',
        strategy: 'canary',
        phase: 'Healthy',
        step: { index: 4, count: 4 },
        revision: '1',
        images: [
          expect.objectContaining({ image: 'registry.local/web:1.0.0' }),
        ],
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain(cluster.token);
    const detail = await request(server).get(RO);
    expect(detail.status).toBe(200);
    expect(detail.body.revisions.length).toBeGreaterThan(0);
  });

  it('answers 404 for a rollout that does not carry the entity selector', async () => {
    const res = await request(server).get(
      `/api/rollouts/entities/component/default/other/rollouts/local/${NS}/web`,
    );
    expect(res.status).toBe(404);
    const act404 = await request(server)
      .post(
        `/api/rollouts/entities/component/default/other/rollouts/local/${NS}/web/actions/abort`,
      )
      .send({});
    expect(act404.status).toBe(404);
  });

  it('set-image starts a canary that pauses at step 1', async () => {
    const res = await act('set-image', {
      container: 'app',
      image: 'registry.local/web:2.0.0',
    });
    expect(res.status).toBe(200);
    expect((await live()).spec.template.spec.containers[0].image).toBe(
      'registry.local/web:2.0.0',
    );
    await waitUntil('pause at step 1', async () => {
      const s = await summary();
      return s?.phase === 'Paused' && s.step?.index === 1;
    });
  });

  it('a non-owner gets 403 and nothing changes', async () => {
    const before = await live();
    const res = await act('promote', { expected: { step: 1 } }, MALLORY);
    expect(res.status).toBe(403);
    expect(whatAnActionWrites(await live())).toEqual(
      whatAnActionWrites(before),
    );
    const history = await request(server).get(`${RO}/history`);
    expect(history.body.items[0]).toMatchObject({
      action: 'promote',
      outcome: 'denied',
      actor: MALLORY,
    });
  });

  it('a stale expected step answers 409 without any write', async () => {
    const before = await live();
    const res = await act('promote', { expected: { step: 0 } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/moved on/);
    expect(whatAnActionWrites(await live())).toEqual(
      whatAnActionWrites(before),
    );
  });

  it('50 concurrent promotes with the same expected advance exactly one step', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        act('promote', { expected: { step: 1 } }),
      ),
    );
    const statuses = results.map(r => r.status);
    expect(statuses.filter(s => s === 200)).toHaveLength(1);
    expect(statuses.filter(s => s === 409)).toHaveLength(49);
    // One promote past the pause at 1: the controller walks on to the next pause (3), not beyond.
    await waitUntil('pause at step 3', async () => {
      const s = await summary();
      return s?.phase === 'Paused' && s.step?.index === 3;
    });
    const history = await request(server).get(`${RO}/history?limit=200`);
    const promotes = history.body.items.filter(
      (i: any) => i.action === 'promote' && i.actor !== MALLORY,
    );
    // 50 concurrent attempts + the stale-expected one before.
    expect(promotes.filter((i: any) => i.outcome === 'succeeded')).toHaveLength(
      1,
    );
    expect(promotes.filter((i: any) => i.outcome === 'conflict')).toHaveLength(
      50,
    );
  });

  it('publishes a signal on the entity channel to the users who viewed it', async () => {
    await request(server).get(BASE); // registers the view of user:default/mock
    backend.published.length = 0;
    expect((await act('pause')).status).toBe(200);
    const signal = await waitUntil('a signal', async () =>
      backend.published.find(
        p => p.channel === 'rollouts:component:default/it-shop',
      ),
    );
    expect(signal).toMatchObject({
      recipients: { type: 'user', entityRef: ['user:default/mock'] },
      message: {
        type: 'rollouts-changed',
        entityRef: 'component:default/it-shop',
        rollouts: [{ cluster: 'local', namespace: NS, name: 'web' }],
      },
    });
    expect((await act('resume')).status).toBe(200);
  });

  it('pause and resume toggle spec.paused', async () => {
    expect((await act('pause')).status).toBe(200);
    expect((await live()).spec.paused).toBe(true);
    expect((await act('pause')).status).toBe(409);
    expect((await act('resume')).status).toBe(200);
    expect((await live()).spec.paused).toBe(false);
  });

  it('abort makes the rollout Degraded, retry resumes it', async () => {
    expect((await act('abort')).status).toBe(200);
    expect((await live()).status.abort).toBe(true);
    await waitUntil(
      'Degraded',
      async () => (await summary())?.phase === 'Degraded',
    );
    const notification = await waitUntil(
      'a notification',
      async () => backend.notified[0],
    );
    expect(notification).toMatchObject({
      recipients: { type: 'entity', entityRef: 'component:default/it-shop' },
      payload: {
        title: expect.stringMatching(/aborted|degraded/),
        severity: 'high',
      },
    });
    expect((await act('abort')).status).toBe(409);
    expect((await act('retry')).status).toBe(200);
    expect((await live()).status.abort).toBeFalsy();
    await waitUntil(
      'not Degraded',
      async () => (await summary())?.phase !== 'Degraded',
    );
  });

  it('skip-step advances currentStepIndex by one', async () => {
    const s = await waitUntil('a paused step', async () => {
      const x = await summary();
      return x?.phase === 'Paused' ? x : undefined;
    });
    const res = await act('skip-step', { expected: { step: s.step.index } });
    expect(res.status).toBe(200);
    // The patch result; the controller may already have walked on from there.
    expect(res.body.rollout.step.index).toBe(s.step.index + 1);
    expect((await live()).status.currentStepIndex).toBeGreaterThanOrEqual(
      s.step.index + 1,
    );
  });

  it('promote-full makes the new revision stable', async () => {
    const res = await act('promote-full');
    expect(res.status).toBe(200);
    let last: any;
    await waitUntil(
      'Healthy on revision 2',
      async () => {
        last = await summary();
        return last?.phase === 'Healthy' && last.revision === '2';
      },
      60_000,
    ).catch(e => {
      throw new Error(`${e.message}; last: ${JSON.stringify(last)}`);
    });
    const ro = await live();
    expect(ro.status.stableRS).toBe(ro.status.currentPodHash);
  });

  it('restart sets spec.restartAt', async () => {
    const res = await act('restart');
    expect(res.status).toBe(200);
    expect((await live()).spec.restartAt).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });

  it('undo puts back the previous revision template; undo to the current revision is 409', async () => {
    expect((await act('undo', { toRevision: 2 })).status).toBe(409);
    const res = await act('undo');
    expect(res.status).toBe(200);
    expect((await live()).spec.template.spec.containers[0].image).toBe(
      'registry.local/web:1.0.0',
    );
    expect((await act('undo', { toRevision: 99 })).status).toBe(400);
  });

  it('serves the same data and checks through the MCP actions', async () => {
    const listed = await actions.invoke({
      id: 'test:list-rollouts',
      input: { entityRef: 'component:default/it-shop' },
      credentials: mockCredentials.user(),
    });
    expect((listed.output as any).items).toEqual([
      expect.objectContaining({ cluster: 'local', namespace: NS, name: 'web' }),
    ]);
    await expect(
      actions.invoke({
        id: 'test:promote-rollout',
        input: {
          entityRef: 'component:default/it-shop',
          cluster: 'local',
          namespace: NS,
          name: 'web',
          expectedStep: 99,
        },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/moved on/);
    await expect(
      actions.invoke({
        id: 'test:abort-rollout',
        input: {
          entityRef: 'component:default/it-shop',
          cluster: 'local',
          namespace: NS,
          name: 'web',
        },
        credentials: mockCredentials.user(MALLORY),
      }),
    ).rejects.toThrow(/not allowed/i);
  });

  it('the history holds one row per attempt with before/after', async () => {
    const history = await request(server).get(`${RO}/history?limit=500`);
    expect(history.status).toBe(200);
    const succeeded = history.body.items.filter(
      (i: any) => i.outcome === 'succeeded',
    );
    expect(succeeded.map((i: any) => i.action)).toEqual(
      expect.arrayContaining([
        'set-image',
        'promote',
        'pause',
        'resume',
        'abort',
        'retry',
        'skip-step',
        'restart',
        'undo',
      ]),
    );
    expect(succeeded.find((i: any) => i.action === 'promote')).toMatchObject({
      before: { step: 1, revision: '2' },
    });
  });
});
