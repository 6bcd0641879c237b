/*
 * Secrets: a cluster whose token the real API server refuses (401), next to
 * a good one. Whatever path an error takes (cluster status in responses,
 * health, action errors, log lines, audit events), neither token may show up,
 * whole or in part.
 */
import request from 'supertest';
import {
  clusterEntry,
  createNamespace,
  createRollout,
  deleteNamespace,
  entityFor,
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

const NS = testNamespace('secrets');
const LIST = '/api/rollouts/entities/component/default/faults-secrets/rollouts';
/** JWT-shaped, so the generic scrubbing cannot be what saves it. */
const REFUSED_TOKEN = [
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZhdWx0cy10ZXN0In0',
  'eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZmF1bHRzOnJlZnVzZWQiLCJpc3MiOiJmYXVsdHMifQ',
  'c2lnbmF0dXJlLXRoYXQtdGhlLWFwaS1zZXJ2ZXItd2lsbC1yZWZ1c2U',
].join('.');

describe('faults: no cluster token in any response, log line, audit event or error', () => {
  let cluster: TestCluster;
  let backend: RolloutsTestBackend;
  const responses: string[] = [];

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, NS);
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'web', 'faults-secrets'),
    );
    backend = await startRolloutsBackend({
      entities: [entityFor('faults-secrets', { namespace: NS })],
      clusters: [
        clusterEntry(cluster, 'good'),
        clusterEntry(cluster, 'refused', {
          serviceAccountToken: REFUSED_TOKEN,
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    if (cluster) await deleteNamespace(cluster.admin, NS);
    cluster?.admin.close();
  });

  it('reports the refused cluster (401 from the real API server) without its token, and serves the good one', async () => {
    const body = await waitUntil(
      'the good rollout listed and the refused cluster reported',
      async () => {
        const r = await request(backend.server).get(LIST);
        responses.push(r.text);
        const refused = r.body.clusters?.find((c: any) => c.name === 'refused');
        return (
          r.body.items?.length === 1 && refused?.status === 'error' && r.body
        );
      },
      60_000,
    );
    expect(
      body.clusters.find((c: any) => c.name === 'refused').message,
    ).toMatch(/Unauthorized|401/);
    const actions = [
      await request(backend.server)
        .post(`${LIST}/refused/${NS}/web/actions/abort`)
        .send({}),
      await request(backend.server).get(`${LIST}/refused/${NS}/web`),
      await request(backend.server)
        .post(`${LIST}/good/${NS}/web/actions/retry`)
        .send({}),
      await request(backend.server).get('/api/rollouts/health'),
    ];
    expect(actions.map(r => r.status)).toEqual([503, 503, 409, 200]);
    responses.push(...actions.map(r => r.text));
    const everything = [
      ...responses,
      backend.logger.text(),
      backend.auditor.text(),
    ].join('\n');
    // The refused cluster's failures were logged (so the scan below scans something).
    expect(backend.logger.text()).toMatch(/refused/);
    expect(
      leakedSecrets(everything, {
        good: cluster.token,
        refused: REFUSED_TOKEN,
      }),
    ).toEqual([]);
  });
});
