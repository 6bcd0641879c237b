/*
 * Fault: the API server goes away while the watches are open, and comes
 * back. The shared kube-apiserver is used by others and is never restarted:
 * a loopback TCP proxy of ours sits between the plugin and it, and cutting
 * the proxy (every connection reset, new ones refused) is what a restart
 * looks like from the plugin. While it is cut, the cluster changes; after it
 * is restored, the cache must show the true state within 10 s.
 *
 * And: a watch resumed from a resourceVersion the real API server no longer
 * has answers 410 Gone, which must make the watcher relist.
 */
import fs from 'node:fs';
import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { ClusterCache } from '../cache/ClusterCache';
import { KubeClient } from '../kube/KubeClient';
import { RESOURCE_TYPES } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import {
  apiServerAddress,
  clusterEntry,
  createNamespace,
  createRollout,
  deleteNamespace,
  entityFor,
  rolloutManifest,
  ROLLOUTS_API,
  TcpProxy,
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

/** The bound: the cache shows the true state within 10 s of the API server coming back. */
const RECOVERY_MS = 10_000;
const NS = testNamespace('recovery');
const LIST =
  '/api/rollouts/entities/component/default/faults-recovery/rollouts';

const names = (body: any) =>
  (body.items ?? []).map((i: any) => i.name).sort() as string[];

describe('faults: API server restart (TCP proxy cut) and 410 Gone', () => {
  let cluster: TestCluster;
  let proxy: TcpProxy;
  let backend: RolloutsTestBackend;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, NS);
    for (const name of ['alpha', 'beta']) {
      await createRollout(
        cluster.admin,
        rolloutManifest(NS, name, 'faults-recovery'),
      );
    }
    const address = apiServerAddress(cluster);
    proxy = await TcpProxy.start(address);
    const viaProxy = new URL(address.url.toString());
    viaProxy.port = String(proxy.port);
    backend = await startRolloutsBackend({
      entities: [entityFor('faults-recovery', { namespace: NS })],
      clusters: [
        clusterEntry(cluster, 'local', {
          url: viaProxy.toString().replace(/\/$/, ''),
          requestTimeout: 3000,
        }),
      ],
    });
    await waitUntil(
      'both rollouts in the cache',
      async () => {
        const r = await request(backend.server).get(LIST);
        return names(r.body).join() === 'alpha,beta';
      },
      60_000,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await proxy?.close();
    if (cluster) await deleteNamespace(cluster.admin, NS);
    cluster?.admin.close();
  });

  it('API server restart (simulated by cutting our loopback TCP proxy, not the shared API server): the cache shows the true state within 10 s of its return', async () => {
    expect(proxy.open).toBeGreaterThan(0); // the watches are open through the proxy
    proxy.cut();
    // The plugin notices: the cluster is reported, the last known state is still served.
    await waitUntil(
      'the cluster to be reported in error',
      async () => {
        const r = await request(backend.server).get(LIST);
        return r.body.clusters?.[0]?.status === 'error' && r.body;
      },
      30_000,
    );
    // The world moves on while we cannot see it.
    await cluster.admin.request(
      'DELETE',
      `${ROLLOUTS_API}/namespaces/${NS}/rollouts/alpha`,
    );
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'gamma', 'faults-recovery'),
    );
    const beta = await cluster.admin.request<KubeObject>(
      'PATCH',
      `${ROLLOUTS_API}/namespaces/${NS}/rollouts/beta`,
      {
        body: { metadata: { labels: { 'gradual.dev/while-cut': 'yes' } } },
        contentType: 'application/merge-patch+json',
      },
    );
    const stale = await request(backend.server).get(LIST);
    expect(names(stale.body)).toEqual(['alpha', 'beta']);

    const restored = Date.now();
    proxy.restore();
    const body = await waitUntil(
      'the cache to show the true state (alpha gone, gamma there, beta updated)',
      async () => {
        const r = await request(backend.server).get(LIST);
        return (
          names(r.body).join() === 'beta,gamma' &&
          r.body.clusters[0].status === 'ok' &&
          r.body
        );
      },
      RECOVERY_MS,
      100,
    );
    expect(Date.now() - restored).toBeLessThanOrEqual(RECOVERY_MS);
    expect(body.clusters).toEqual([{ name: 'local', status: 'ok' }]);
    // beta's detail is the post-cut object (its labels changed while cut).
    const detail = await request(backend.server).get(
      `${LIST}/local/${NS}/beta`,
    );
    expect(detail.status).toBe(200);
    expect(proxy.accepted).toBeGreaterThan(1);
    expect(beta.metadata.labels?.['gradual.dev/while-cut']).toBe('yes');
    expect(
      leakedSecrets(backend.logger.text(), { token: cluster.token }),
    ).toEqual([]);
  });

  it('a watch resumed from an expired resourceVersion gets 410 Gone from the real API server and relists', async () => {
    const conn = {
      ...clusterEntry(cluster, 'direct'),
    } as any;
    const client = new KubeClient({
      name: 'direct',
      url: conn.url,
      token: cluster.token,
      ca: conn.caData
        ? Buffer.from(conn.caData, 'base64').toString('utf8')
        : conn.caFile && fs.readFileSync(conn.caFile, 'utf8'),
      skipTLSVerify: Boolean(conn.skipTLSVerify),
      requestTimeoutMs: 5000,
    });
    const logger = mockServices.logger.mock();
    const cache = new ClusterCache({
      client,
      logger,
      watch: { silenceMs: 60_000 },
      types: RESOURCE_TYPES.filter(t => t.key === 'rollouts'),
    });
    try {
      expect(await cache.waitForSync(30_000)).toBe(true);
      const watcher = cache.watcher('rollouts')!;
      await waitUntil(
        'the watch to be open',
        async () => watcher.stats.watches >= 1,
        10_000,
      );
      const listsBefore = watcher.stats.lists;
      // Resume from resourceVersion 1: long compacted out of the API server's window.
      watcher.watchFrom('1');
      await waitUntil(
        'a relist on 410 Gone',
        async () =>
          watcher.stats.relistsOn410 >= 1 &&
          watcher.stats.lists > listsBefore &&
          watcher.state === 'synced',
        RECOVERY_MS,
        50,
      );
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringMatching(/resource version expired, relisting/),
      );
      // The relisted cache is the truth, and the watch goes on after it.
      const live = await cluster.admin.request<{ items: KubeObject[] }>(
        'GET',
        `${ROLLOUTS_API}/namespaces/${NS}/rollouts`,
      );
      const cached = (ns: string) =>
        cache
          .rollouts(r => r.metadata.namespace === ns)
          .map(r => r.metadata.name)
          .sort();
      expect(cached(NS)).toEqual(live.items.map(i => i.metadata.name).sort());
      const patched = await cluster.admin.request<KubeObject>(
        'PATCH',
        `${ROLLOUTS_API}/namespaces/${NS}/rollouts/beta`,
        {
          body: {
            metadata: { annotations: { 'gradual.dev/after-410': '1' } },
          },
          contentType: 'application/merge-patch+json',
        },
      );
      await waitUntil(
        'the watch after the relist to deliver a change',
        async () =>
          cache.rollout(NS, 'beta')?.metadata.resourceVersion ===
          patched.metadata.resourceVersion,
        RECOVERY_MS,
        50,
      );
    } finally {
      await cache.stop();
    }
  });
});
