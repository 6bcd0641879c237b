/*
 * Abuse: 50 promotes of the same paused canary at once, all made on the same
 * `expected` step (a double click times fifty, or fifty operators). The real
 * Argo controller runs the rollout. Exactly one promote may land (one step
 * advance), the 49 others are conflicts (409), and every attempt leaves one
 * audit event and one history row.
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

const ATTEMPTS = 50;
const NS = testNamespace('promote');
const BASE = '/api/rollouts/entities/component/default/faults-promote/rollouts';
const RO = `${BASE}/local/${NS}/canary`;
const STEPS = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 40 },
  { pause: {} },
  { setWeight: 60 },
  { pause: {} },
];

/** The step the rollout is paused at (controller has observed everything), else undefined. */
function pausedAt(ro: KubeObject): number | undefined {
  const s = ro.status ?? {};
  const observed =
    String(s.observedGeneration) === String(ro.metadata.generation);
  const atPause = (s.pauseConditions ?? []).some(
    (c: any) => c.reason === 'CanaryPauseStep',
  );
  return observed && atPause && s.phase === 'Paused'
    ? (s.currentStepIndex as number)
    : undefined;
}

describe('faults: 50 concurrent promotes with the same expected step', () => {
  let cluster: TestCluster;
  let backend: RolloutsTestBackend;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, NS);
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'canary', 'faults-promote', { steps: STEPS }),
    );
    backend = await startRolloutsBackend({
      entities: [entityFor('faults-promote', { namespace: NS })],
      clusters: [clusterEntry(cluster, 'local')],
    });
    await waitUntil(
      'the first revision to be Healthy',
      async () =>
        (await getRollout(cluster.admin, NS, 'canary')).status?.phase ===
        'Healthy',
      120_000,
    );
    // A new revision pauses at step 1 (after setWeight 20).
    await cluster.admin.request(
      'PATCH',
      `${ROLLOUTS_API}/namespaces/${NS}/rollouts/canary`,
      {
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'app', image: 'registry.local/faults/app:2.0.0' },
                ],
              },
            },
          },
        },
        contentType: 'application/merge-patch+json',
      },
    );
    await waitUntil(
      'the canary to pause at step 1',
      async () => pausedAt(await getRollout(cluster.admin, NS, 'canary')) === 1,
      120_000,
    );
    // The plugin's cache has seen the pause too (the decision is made live, but
    // the rollout must be known to belong to the entity).
    await waitUntil(
      'the plugin to show the pause',
      async () => {
        const r = await request(backend.server).get(`${RO}`);
        return r.status === 200 && r.body.phase === 'Paused';
      },
      30_000,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    if (cluster) await deleteNamespace(cluster.admin, NS);
    cluster?.admin.close();
  });

  it('lands exactly one promote; 49 conflicts; one audit event and one history row per attempt', async () => {
    const responses = await Promise.all(
      Array.from({ length: ATTEMPTS }, () =>
        request(backend.server)
          .post(`${RO}/actions/promote`)
          .send({ expected: { step: 1 } }),
      ),
    );
    const statuses = responses.map(r => r.status);
    const count = (s: number) => statuses.filter(x => x === s).length;
    expect({ ok: count(200), conflict: count(409) }).toEqual({
      ok: 1,
      conflict: ATTEMPTS - 1,
    });

    // Exactly one step advance: the controller moves on from step 1 and pauses
    // again at step 3 (after setWeight 40), not at 5 or beyond.
    const settled = await waitUntil(
      'the controller to pause at the next pause step',
      async () => {
        const ro = await getRollout(cluster.admin, NS, 'canary');
        const at = pausedAt(ro);
        return at !== undefined && at > 1 && ro;
      },
      120_000,
    );
    expect(settled.status.currentStepIndex).toBe(3);

    // Audit: one event per attempt, one success.
    const audits = backend.auditor.events.filter(
      e => e.eventId === 'rollout-action',
    );
    expect(audits).toHaveLength(ATTEMPTS);
    expect(audits.filter(e => e.outcome === 'success')).toHaveLength(1);
    expect(audits.filter(e => e.outcome === 'fail')).toHaveLength(ATTEMPTS - 1);

    // History: one row per attempt.
    const history = await request(backend.server).get(
      `${RO}/history?limit=200`,
    );
    expect(history.status).toBe(200);
    const promotes = history.body.items.filter(
      (h: any) => h.action === 'promote',
    );
    expect(promotes).toHaveLength(ATTEMPTS);
    expect(promotes.filter((h: any) => h.outcome === 'succeeded')).toHaveLength(
      1,
    );
    expect(promotes.filter((h: any) => h.outcome === 'conflict')).toHaveLength(
      ATTEMPTS - 1,
    );
    const landed = promotes.find((h: any) => h.outcome === 'succeeded');
    expect(landed.before?.step).toBe(1);
  });
});
