import { mockCredentials } from '@backstage/backend-test-utils';
import { BUILT_IN_PRESETS } from '@gradual/plugin-rollouts-common';
import request from 'supertest';
import { freePort } from '@gradual/test-utils';
import {
  RolloutsTestBackend,
  startRolloutsBackend,
} from '../__testUtils__/rolloutsBackend';
import { ROLLOUT_READ_EVENT_ID } from './auditedRead';

jest.setTimeout(60_000);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'shop' },
  },
  spec: { type: 'service', owner: 'group:default/team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
};
const BASE = '/api/rollouts/entities/component/default/shop/rollouts';
/** The Authorization header of an external-access caller with this subject. */
const serviceHeader = (subject: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'rollouts',
  });
const CI = serviceHeader('ci-team-a');

/**
 * Every read route (list, get, status, history, strategy) is audited (low severity)
 * with the caller, users and service principals alike, whether it succeeds
 * or is refused. The backend's one cluster refuses connections: reads of
 * the entity answer, a named rollout is not found (an unknown cluster).
 */
describe('audited reads', () => {
  let backend: RolloutsTestBackend;

  beforeAll(async () => {
    backend = await startRolloutsBackend({
      clusters: [
        {
          name: 'refused',
          url: `http://127.0.0.1:${await freePort()}`,
          serviceAccountToken: 'token',
          requestTimeout: 2000,
        },
      ],
      entities: [entity],
      rollouts: {
        servicePrincipals: [
          {
            subject: 'ci-team-a',
            entities: { owners: ['group:default/team-a'] },
            actions: ['promote'],
          },
        ],
      },
    });
  });
  afterAll(() => backend.stop());

  /** The read events since `from`, meta and outcome parsed. */
  const readsSince = (from: number) =>
    backend.auditor.events
      .slice(from)
      .filter(e => e.eventId === ROLLOUT_READ_EVENT_ID)
      .map(e => ({
        severityLevel: e.severityLevel,
        meta: JSON.parse(e.meta),
        outcome: e.outcome,
        outcomeMeta: JSON.parse(e.outcomeMeta ?? 'null'),
      }));

  const get = (path: string, authorization = CI) =>
    request(backend.server)
      .get(`${BASE}${path}`)
      .set('Authorization', authorization);

  it('audits a list and a history read of a service principal', async () => {
    const from = backend.auditor.events.length;
    expect((await get('')).status).toBe(200);
    const h = await get('/refused/shop/web/history?limit=5');
    expect(h.body).toEqual({ items: [] });
    expect(readsSince(from)).toEqual([
      {
        severityLevel: 'low',
        meta: {
          queryType: 'list',
          actor: 'service:ci-team-a',
          entityRef: 'component:default/shop',
        },
        outcome: 'success',
        outcomeMeta: null,
      },
      {
        severityLevel: 'low',
        meta: {
          queryType: 'history',
          actor: 'service:ci-team-a',
          entityRef: 'component:default/shop',
          cluster: 'refused',
          namespace: 'shop',
          rollout: 'web',
          params: { limit: 5 },
        },
        outcome: 'success',
        outcomeMeta: null,
      },
    ]);
  });

  it('audits a get and a wait that fail, with the error', async () => {
    const from = backend.auditor.events.length;
    expect((await get('/elsewhere/shop/web')).status).toBe(404);
    expect(
      (await get('/elsewhere/shop/web/status?until=paused&timeout=5')).status,
    ).toBe(404);
    const [read, wait] = readsSince(from);
    expect(read).toMatchObject({
      meta: {
        queryType: 'get',
        actor: 'service:ci-team-a',
        cluster: 'elsewhere',
      },
      outcome: 'fail',
      outcomeMeta: { error: { message: 'unknown cluster elsewhere' } },
    });
    expect(wait).toMatchObject({
      severityLevel: 'low',
      meta: {
        queryType: 'status',
        actor: 'service:ci-team-a',
        rollout: 'web',
        params: { until: 'paused', timeoutSeconds: 5 },
      },
      outcome: 'fail',
    });
  });

  it('audits the strategy reads: the dialog options and a dry-run plan', async () => {
    const from = backend.auditor.events.length;
    expect((await get('/elsewhere/shop/web/strategy')).status).toBe(404);
    const plan = await request(backend.server)
      .post(`${BASE}/elsewhere/shop/web/strategy`)
      .set('Authorization', CI)
      .send({ spec: BUILT_IN_PRESETS['fast-canary'].spec, dryRun: true });
    expect(plan.status).toBe(404);
    expect(readsSince(from)).toEqual([
      expect.objectContaining({
        severityLevel: 'low',
        meta: expect.objectContaining({
          queryType: 'strategy',
          actor: 'service:ci-team-a',
          cluster: 'elsewhere',
        }),
        outcome: 'fail',
      }),
      expect.objectContaining({
        meta: expect.objectContaining({
          queryType: 'strategy-plan',
          actor: 'service:ci-team-a',
        }),
        outcome: 'fail',
      }),
    ]);
  });

  it('audits a watch refused before its stream: bad timeout (400), unknown cluster (404), no grant (403)', async () => {
    const from = backend.auditor.events.length;
    const tooLong = await get('/refused/shop/web/watch?timeout=2h');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/timeout must be from 1s/);
    const unknown = await get('/elsewhere/shop/web/watch?timeout=5');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/json/);
    const denied = await get(
      '/refused/shop/web/watch?timeout=5',
      serviceHeader('ci-team-b'),
    );
    expect(denied.status).toBe(403);
    // The 400 is the query's, refused before the read (and its audit) starts.
    expect(readsSince(from)).toEqual([
      expect.objectContaining({
        severityLevel: 'low',
        meta: {
          queryType: 'watch',
          actor: 'service:ci-team-a',
          entityRef: 'component:default/shop',
          cluster: 'elsewhere',
          namespace: 'shop',
          rollout: 'web',
          params: { timeoutSeconds: 5 },
        },
        outcome: 'fail',
        outcomeMeta: {
          error: expect.objectContaining({ name: 'NotFoundError' }),
        },
      }),
      expect.objectContaining({
        meta: expect.objectContaining({
          queryType: 'watch',
          actor: 'service:ci-team-b',
        }),
        outcome: 'fail',
        outcomeMeta: {
          error: expect.objectContaining({ name: 'NotAllowedError' }),
        },
      }),
    ]);
  });

  it('audits the GitOps pull requests read and the platform reads (Deliveries, metrics) with the actor', async () => {
    const from = backend.auditor.events.length;
    expect((await get('/elsewhere/shop/web/pull-requests')).status).toBe(404);
    const user = mockCredentials.user.header('user:default/someone');
    const deliveries = await request(backend.server)
      .get('/api/rollouts/deliveries?sort=owner&order=desc')
      .set('Authorization', user);
    expect(deliveries.status).toBe(200);
    const metrics = await request(backend.server)
      .get('/api/rollouts/deliveries/metrics?entity=component%3Adefault%2Fshop')
      .set('Authorization', CI);
    expect(metrics.status).toBe(200);
    expect(readsSince(from)).toEqual([
      expect.objectContaining({
        severityLevel: 'low',
        meta: {
          queryType: 'pull-requests',
          actor: 'service:ci-team-a',
          entityRef: 'component:default/shop',
          cluster: 'elsewhere',
          namespace: 'shop',
          rollout: 'web',
        },
        outcome: 'fail',
      }),
      {
        severityLevel: 'low',
        meta: {
          queryType: 'deliveries',
          actor: 'user:default/someone',
          params: { sort: 'owner', order: 'desc' },
        },
        outcome: 'success',
        outcomeMeta: null,
      },
      expect.objectContaining({
        severityLevel: 'low',
        meta: {
          queryType: 'delivery-metrics',
          actor: 'service:ci-team-a',
          params: { entity: 'component:default/shop' },
        },
        outcome: 'success',
      }),
    ]);
  });

  it('audits a refused read: a subject without a grant, a user', async () => {
    const from = backend.auditor.events.length;
    const other = serviceHeader('ci-team-b');
    expect((await get('', other)).status).toBe(403);
    expect(
      (await get('', mockCredentials.user.header('user:default/someone')))
        .status,
    ).toBe(200);
    const [denied, user] = readsSince(from);
    expect(denied).toMatchObject({
      meta: { queryType: 'list', actor: 'service:ci-team-b' },
      outcome: 'fail',
      outcomeMeta: { error: { name: 'NotAllowedError' } },
    });
    expect(user).toMatchObject({
      meta: { queryType: 'list', actor: 'user:default/someone' },
      outcome: 'success',
    });
  });
});
