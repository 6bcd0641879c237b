/*
 * The three actions Gradual used to refuse where `kubectl argo rollouts`
 * v1.8.5 acts, on the REAL local cluster and Argo controller (own
 * namespace): set-image and undo of a rollout with `spec.workloadRef` change
 * the Deployment as the CLI does, and promote of a Degraded canary (progress
 * deadline exceeded) with steps left moves to the next step once forced.
 */
import request from 'supertest';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import {
  clusterEntry,
  createNamespace,
  createRollout,
  deleteNamespace,
  entityFor,
  getRollout,
  rolloutManifest,
  ROLLOUTS_API,
  testNamespace,
  waitUntil,
} from '@gradual/test-utils';
import {
  RolloutsTestBackend,
  startRolloutsBackend,
} from '../__testUtils__/rolloutsBackend';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';

jest.setTimeout(5 * 60_000);

const NS = testNamespace('cli');
const ENTITY = 'cli-parity';
const BASE = `/api/rollouts/entities/component/default/${ENTITY}/rollouts/local/${NS}`;
const DEPLOYMENT = 'web-deploy';

function deploymentManifest(image: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: DEPLOYMENT, namespace: NS },
    spec: {
      // The rollout runs the pods; the Deployment only holds the template.
      replicas: 0,
      selector: { matchLabels: { app: 'wr' } },
      template: {
        metadata: { labels: { app: 'wr' } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

function workloadRefRollout() {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'wr',
      namespace: NS,
      labels: { 'backstage.io/kubernetes-id': ENTITY },
    },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: 'wr' } },
      workloadRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: DEPLOYMENT,
      },
      strategy: { canary: { steps: [] } },
    },
  };
}

describe('actions on the real controller, as the CLI does', () => {
  let cluster: TestCluster;
  let backend: RolloutsTestBackend;

  const deploymentImage = async () =>
    (
      await cluster.admin.request<KubeObject>(
        'GET',
        `/apis/apps/v1/namespaces/${NS}/deployments/${DEPLOYMENT}`,
      )
    ).spec.template.spec.containers[0].image;
  const detail = async (name: string) => {
    const res = await request(backend.server).get(`${BASE}/${name}`);
    return res.status === 200 ? res.body : undefined;
  };
  const act = (name: string, action: string, body: object = {}) =>
    request(backend.server)
      .post(`${BASE}/${name}/actions/${action}`)
      .send(body);
  /**
   * Healthy at `revision` with `image` stable and as its container's (a
   * Deployment change does not bump the rollout's generation, so `Healthy`
   * alone may still be the previous revision's).
   */
  const healthyAt = (name: string, revision: string, image?: string) =>
    waitUntil(
      `${name} Healthy at revision ${revision}${image ? ` with ${image}` : ''}`,
      async () => {
        const d = await detail(name);
        return d?.phase === 'Healthy' &&
          d.revision === revision &&
          (!image ||
            (d.containers[0]?.image === image &&
              d.images.some(
                (i: any) => i.image === image && i.tags.includes('stable'),
              )))
          ? d
          : false;
      },
      120_000,
    );

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, NS);
    await cluster.admin.request(
      'POST',
      `/apis/apps/v1/namespaces/${NS}/deployments`,
      { body: deploymentManifest('registry.local/wr:1.0.0') },
    );
    await cluster.admin.request(
      'POST',
      `${ROLLOUTS_API}/namespaces/${NS}/rollouts`,
      {
        body: workloadRefRollout(),
      },
    );
    const degraded = rolloutManifest(NS, 'stuck', ENTITY, {
      steps: [
        { setWeight: 50 },
        { pause: {} },
        { setWeight: 75 },
        { pause: {} },
      ],
      image: 'registry.local/stuck:1.0.0',
    });
    (degraded.spec as any).progressDeadlineSeconds = 10;
    await createRollout(cluster.admin, degraded);
    for (const name of ['bg-active', 'bg-preview']) {
      await cluster.admin.request('POST', `/api/v1/namespaces/${NS}/services`, {
        body: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace: NS },
          spec: {
            selector: { app: 'bg' },
            ports: [{ port: 80, targetPort: 8080 }],
          },
        },
      });
    }
    const blueGreen = rolloutManifest(NS, 'bg', ENTITY, {
      image: 'registry.local/bg:1.0.0',
    });
    (blueGreen.spec as any).strategy = {
      blueGreen: {
        activeService: 'bg-active',
        previewService: 'bg-preview',
        autoPromotionEnabled: false,
        scaleDownDelaySeconds: 0,
      },
    };
    await createRollout(cluster.admin, blueGreen);
    backend = await startRolloutsBackend({
      entities: [entityFor(ENTITY, { namespace: NS })],
      clusters: [clusterEntry(cluster, 'local')],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    if (cluster) await deleteNamespace(cluster.admin, NS);
    cluster?.admin.close();
  });

  it('shows the containers of the workloadRef Deployment (watched)', async () => {
    await healthyAt('wr', '1');
    // The Deployments watcher is optional: it may sync after the rollouts.
    const d = await waitUntil('the Deployment in the cache', async () => {
      const x = await detail('wr');
      return x?.containers.length ? x : false;
    });
    expect(d.workloadRef).toEqual({ kind: 'Deployment', name: DEPLOYMENT });
    expect(d.containers).toEqual([
      { name: 'app', image: 'registry.local/wr:1.0.0' },
    ]);
  });

  it('set-image of a workloadRef rollout updates the Deployment, and the controller rolls it out', async () => {
    const res = await act('wr', 'set-image', {
      container: 'app',
      image: 'registry.local/wr:2.0.0',
    });
    expect(res.status).toBe(200);
    expect(await deploymentImage()).toBe('registry.local/wr:2.0.0');
    const d = await healthyAt('wr', '2', 'registry.local/wr:2.0.0');
    expect(d.containers).toEqual([
      { name: 'app', image: 'registry.local/wr:2.0.0' },
    ]);
    expect(d.images).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          image: 'registry.local/wr:2.0.0',
          tags: expect.arrayContaining(['stable']),
        }),
      ]),
    );
    const unknown = await act('wr', 'set-image', {
      container: 'nope',
      image: 'registry.local/wr:3.0.0',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/unable to find container/);
  });

  it('undo of a workloadRef rollout restores the Deployment template of the previous revision', async () => {
    const res = await act('wr', 'undo');
    expect(res.status).toBe(200);
    expect(await deploymentImage()).toBe('registry.local/wr:1.0.0');
    // The controller reuses revision 1's ReplicaSet as revision 3.
    const d = await healthyAt('wr', '3', 'registry.local/wr:1.0.0');
    expect(d.containers).toEqual([
      { name: 'app', image: 'registry.local/wr:1.0.0' },
    ]);
  });

  it('promote of a Degraded canary with steps left: 409 with the warning; forced, the next step, audited as forced', async () => {
    await waitUntil(
      'stuck Healthy',
      async () => (await detail('stuck'))?.phase === 'Healthy',
      120_000,
    );
    // A new revision whose pods can never be scheduled: the progress deadline passes at step 0.
    await cluster.admin.request(
      'PATCH',
      `${ROLLOUTS_API}/namespaces/${NS}/rollouts/stuck`,
      {
        contentType: 'application/merge-patch+json',
        body: {
          spec: {
            template: {
              spec: {
                nodeSelector: { 'gradual.dev/no-such-node': 'true' },
                containers: [
                  { name: 'app', image: 'registry.local/stuck:2.0.0' },
                ],
              },
            },
          },
        },
      },
    );
    const degraded = await waitUntil(
      'stuck Degraded past its progress deadline',
      async () => {
        const d = await detail('stuck');
        return d?.phase === 'Degraded' && d.revision === '2' ? d : false;
      },
      120_000,
    );
    expect(degraded.message).toMatch(/ProgressDeadlineExceeded/);
    expect(degraded.step).toEqual({ index: 0, count: 4 });

    const refused = await act('stuck', 'promote', {
      expected: { step: 0 },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /Degraded: promoting would skip a step of an unhealthy update/,
    );
    expect(
      (await getRollout(cluster.admin, NS, 'stuck')).status.currentStepIndex,
    ).toBe(0);

    const forced = await act('stuck', 'promote', {
      expected: { step: 0 },
      force: true,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.rollout.step.index).toBe(1);
    expect(
      (await getRollout(cluster.admin, NS, 'stuck')).status.currentStepIndex,
    ).toBeGreaterThanOrEqual(1);

    const history = await request(backend.server).get(`${BASE}/stuck/history`);
    expect(history.body.items[0]).toMatchObject({
      action: 'promote',
      outcome: 'succeeded',
      params: { force: true, expected: { step: 0 } },
      before: { step: 0 },
      after: { step: 1 },
    });
    expect(history.body.items[1]).toMatchObject({
      action: 'promote',
      outcome: 'conflict',
    });
    const audit = backend.auditor.events.filter(
      e =>
        e.eventId === 'rollout-action' &&
        e.outcome === 'success' &&
        JSON.parse(e.meta).rollout === 'stuck',
    );
    expect(JSON.parse(audit.at(-1)!.outcomeMeta!)).toMatchObject({
      forced: true,
      warning: expect.stringMatching(/Degraded/),
    });
  });

  it('retry of an aborted blue-green: no manual-promotion pause, the new version becomes active (what the confirmation says)', async () => {
    await waitUntil(
      'bg Healthy',
      async () => (await detail('bg'))?.phase === 'Healthy',
      120_000,
    );
    expect(
      (
        await act('bg', 'set-image', {
          container: 'app',
          image: 'registry.local/bg:2.0.0',
        })
      ).status,
    ).toBe(200);
    await waitUntil(
      'bg paused before promotion',
      async () => {
        const d = await detail('bg');
        return d?.phase === 'Paused' &&
          d.pauseConditions.some((c: any) => c.reason === 'BlueGreenPause')
          ? d
          : false;
      },
      120_000,
    );
    expect((await act('bg', 'abort')).status).toBe(200);
    const aborted = await waitUntil(
      'bg aborted',
      async () => {
        const d = await detail('bg');
        return d?.aborted && d.phase === 'Degraded' ? d : false;
      },
      120_000,
    );
    expect(aborted.strategy).toBe('blueGreen');
    expect((await act('bg', 'retry')).status).toBe(200);
    // No promote is sent: the controller promotes on its own after the retry.
    const promoted = await waitUntil(
      'bg Healthy on the new version without a promote',
      async () => {
        const d = await detail('bg');
        return d?.phase === 'Healthy' &&
          d.images.some(
            (i: any) =>
              i.image === 'registry.local/bg:2.0.0' &&
              i.tags.includes('active'),
          )
          ? d
          : false;
      },
      120_000,
    );
    expect(promoted.pauseConditions).toEqual([]);
    const history = await request(backend.server).get(`${BASE}/bg/history`);
    expect(
      history.body.items.filter((i: any) => i.action === 'promote'),
    ).toEqual([]);
  });
});
