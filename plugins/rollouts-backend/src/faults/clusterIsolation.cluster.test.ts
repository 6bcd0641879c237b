/*
 * Fault: one of three clusters is unreachable (a closed loopback port) or
 * hanging (a loopback listener that accepts and never answers). The healthy
 * cluster (the real local API server) must still be served, and the bad one
 * reported, within the per-cluster timeout. Real cluster only (see harness).
 */
import request from 'supertest';
import {
  blackHole,
  clusterEntry,
  CountingListener,
  createNamespace,
  createRollout,
  deleteNamespace,
  entityFor,
  refusedPort,
  rolloutManifest,
  testNamespace,
  waitUntil,
} from '@gradual/test-utils';
import {
  RolloutsTestBackend,
  startRolloutsBackend,
} from '../__testUtils__/rolloutsBackend';
import { leakedSecrets } from '../__testUtils__/secrets';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';

jest.setTimeout(5 * 60_000);

/** Per-cluster request timeout configured for every cluster entry. */
const TIMEOUT_MS = 2000;
/** Slack for scheduling on a busy 2-core machine; the bound is still the timeout's. */
const SLACK_MS = 1500;
const NS = testNamespace('isolation');
const ENTITY = entityFor('faults-isolation', { namespace: NS });
const LIST =
  '/api/rollouts/entities/component/default/faults-isolation/rollouts';
const FAKE_TOKEN_REFUSED = 'refused-cluster-token-7f1f0c2d9a4b4c0e8e11';
const FAKE_TOKEN_HANGING = 'hanging-cluster-token-3c5d8e0a1b2f4a6c9d77';

describe('faults: one of three clusters unreachable or hanging', () => {
  let cluster: TestCluster;
  let hole: CountingListener;
  let backend: RolloutsTestBackend;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, NS);
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'web', 'faults-isolation'),
    );
    hole = await blackHole();
    const closed = await refusedPort();
    backend = await startRolloutsBackend({
      entities: [ENTITY],
      clusters: [
        clusterEntry(cluster, 'good', { requestTimeout: TIMEOUT_MS }),
        {
          name: 'refused',
          url: `https://127.0.0.1:${closed}`,
          serviceAccountToken: FAKE_TOKEN_REFUSED,
          skipTLSVerify: true,
          requestTimeout: TIMEOUT_MS,
        },
        {
          name: 'hanging',
          url: `https://127.0.0.1:${hole.port}`,
          serviceAccountToken: FAKE_TOKEN_HANGING,
          skipTLSVerify: true,
          requestTimeout: TIMEOUT_MS,
        },
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await hole?.close();
    if (cluster) await deleteNamespace(cluster.admin, NS);
    cluster?.admin.close();
  });

  it('serves the healthy cluster and reports both bad ones, on the first view, within the per-cluster timeout', async () => {
    const started = Date.now();
    const res = await request(backend.server).get(LIST);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    const byName = Object.fromEntries(
      res.body.clusters.map((c: any) => [c.name, c]),
    );
    expect(byName.good.status).toBe('ok');
    expect(byName.refused.status).toBe('error');
    expect(byName.hanging.status).toBe('error');
    expect(byName.refused.message).toMatch(/ECONNREFUSED|cannot reach/);
    expect(res.body.items.map((i: any) => `${i.cluster}/${i.name}`)).toEqual([
      'good/web',
    ]);
    // The hanging cluster was really dialled (the witness counted it).
    expect(hole.connections).toBeGreaterThan(0);
  });

  it('keeps answering at once while the bad clusters stay bad (no waiting on them again)', async () => {
    // The rollout becomes visible and Healthy: the good cluster's watch works.
    await waitUntil(
      'the good rollout to be Healthy',
      async () => {
        const r = await request(backend.server).get(LIST);
        return r.body.items?.[0]?.phase === 'Healthy';
      },
      120_000,
    );
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const res = await request(backend.server).get(LIST);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
      expect(res.body.items).toHaveLength(1);
      expect(
        res.body.clusters
          .filter((c: any) => c.status === 'error')
          .map((c: any) => c.name)
          .sort(),
      ).toEqual(['hanging', 'refused']);
    }
  });

  it('answers 503 for a rollout of the hanging cluster within its timeout, 200 for the good one', async () => {
    const started = Date.now();
    const bad = await request(backend.server).get(`${LIST}/hanging/${NS}/web`);
    expect(bad.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    const good = await request(backend.server).get(`${LIST}/good/${NS}/web`);
    expect(good.status).toBe(200);
    expect(good.body).toEqual(
      expect.objectContaining({ cluster: 'good', name: 'web' }),
    );
  });

  it('an action on the hanging cluster fails within the timeout, without touching the others', async () => {
    const started = Date.now();
    const res = await request(backend.server)
      .post(`${LIST}/hanging/${NS}/web/actions/abort`)
      .send({});
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2 * TIMEOUT_MS + SLACK_MS);
  });

  it('health lists every cluster with its state, and nothing leaks the clusters’ tokens', async () => {
    const health = await request(backend.server).get('/api/rollouts/health');
    expect(health.status).toBe(200);
    expect(
      Object.fromEntries(
        health.body.clusters.map((c: any) => [c.name, c.status]),
      ),
    ).toEqual({ good: 'ok', refused: 'error', hanging: 'error' });
    const everything = [
      JSON.stringify(health.body),
      JSON.stringify((await request(backend.server).get(LIST)).body),
      backend.logger.text(),
      backend.auditor.text(),
    ].join('\n');
    expect(
      leakedSecrets(everything, {
        good: cluster.token,
        refused: FAKE_TOKEN_REFUSED,
        hanging: FAKE_TOKEN_HANGING,
      }),
    ).toEqual([]);
  });
});
