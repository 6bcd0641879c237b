/*
 * The watch cache against the REAL local cluster's API server (a cluster
 * test: GRADUAL_KUBECONFIG).
 */
import { mockServices } from '@backstage/backend-test-utils';
import { waitUntil } from '@gradual/test-utils';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';
import { KubeClient } from '../kube/KubeClient';
import { ClusterCache } from './ClusterCache';

jest.setTimeout(120_000);

const NS = `gradual-cache-${Date.now().toString(36)}`;

const rollout = (name: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name,
    namespace: NS,
    labels: { 'backstage.io/kubernetes-id': 'cache-test', app: name },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"big":"blob"}',
    },
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'registry.local/c:1' }] },
    },
    strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
  },
});

describe('ClusterCache on the real API server', () => {
  let cluster: TestCluster;
  let cache: ClusterCache;
  const changed: string[] = [];

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await cluster.admin.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    const cfg = cluster.pluginClusterConfig as any;
    const fs = require('node:fs');
    cache = new ClusterCache({
      client: new KubeClient({
        name: 'local',
        url: cfg.url,
        token: cfg.serviceAccountToken,
        ca: cfg.caFile
          ? fs.readFileSync(cfg.caFile, 'utf8')
          : cfg.caData && Buffer.from(cfg.caData, 'base64').toString(),
        skipTLSVerify: Boolean(cfg.skipTLSVerify),
        requestTimeoutMs: 5000,
      }),
      logger: mockServices.logger.mock(),
      watch: { silenceMs: 1500, minBackoffMs: 100 },
    });
    cache.onRolloutsChanged((_c, changes) =>
      changes.forEach(c => changed.push(c.rollout.metadata.name)),
    );
    if (!(await cache.waitForSync(10_000)))
      throw new Error(`cache did not sync: ${cache.health().message}`);
  });

  afterAll(async () => {
    await cache?.stop();
    await cluster?.admin
      .request('DELETE', `/api/v1/namespaces/${NS}`)
      .catch(() => {});
    cluster?.admin.close();
  });

  it('reports ok health once synced', () => {
    expect(cache.health()).toMatchObject({ name: 'local', status: 'ok' });
  });

  it('sees a new rollout through the watch, trimmed, with its ReplicaSets and pods', async () => {
    await cluster.admin.request(
      'POST',
      `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts`,
      { body: rollout('one') },
    );
    const ro = await waitUntil('the rollout in the cache', async () =>
      cache.rollout(NS, 'one'),
    );
    expect(ro.metadata.managedFields).toBeUndefined();
    expect(
      ro.metadata.annotations?.[
        'kubectl.kubernetes.io/last-applied-configuration'
      ],
    ).toBeUndefined();
    expect(changed).toContain('one');
    const objects = await waitUntil('its pods', async () => {
      const o = cache.objectsOf(cache.rollout(NS, 'one')!);
      return o.replicaSets.length > 0 && o.pods.length > 0 ? o : undefined;
    });
    expect(objects.pods[0].spec).toEqual({
      nodeName: expect.any(String),
      containers: [{ name: 'app', image: 'registry.local/c:1' }],
    });
  });

  it('keeps pods that Argo does not manage out of the cache', async () => {
    const pod = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS, labels },
      spec: { containers: [{ name: 'app', image: 'registry.local/p:1' }] },
    });
    await cluster.admin.request('POST', `/api/v1/namespaces/${NS}/pods`, {
      body: pod('plain', { app: 'plain' }),
    });
    await cluster.admin.request('POST', `/api/v1/namespaces/${NS}/pods`, {
      body: pod('hashed', {
        app: 'plain',
        'rollouts-pod-template-hash': 'abc',
      }),
    });
    const pods = cache.watcher('pods')!;
    // the labelled one arrives through the same watch, so once it is there
    // the unlabelled one (created first) would have been too
    await waitUntil('the labelled pod', async () => pods.get(NS, 'hashed'));
    expect(pods.get(NS, 'plain')).toBeUndefined();
  });

  it('watches the Services a rollout references, trimmed', async () => {
    await cluster.admin.request('POST', `/api/v1/namespaces/${NS}/services`, {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'one-stable', namespace: NS },
        spec: {
          selector: { app: 'one' },
          ports: [{ port: 80, targetPort: 8080 }],
        },
      },
    });
    const ro = cache.rollout(NS, 'one')!;
    const networking = await waitUntil('the service in the cache', async () => {
      const n = cache.networkingOf({
        ...ro,
        spec: {
          ...ro.spec,
          strategy: { canary: { stableService: 'one-stable' } },
        },
      });
      return n.services[0]?.found ? n : undefined;
    });
    expect(networking.services).toEqual([
      {
        role: 'stable',
        name: 'one-stable',
        found: true,
        type: 'ClusterIP',
        ports: ['80/TCP→8080'],
      },
    ]);
    const svc = cache.watcher('services')!.get(NS, 'one-stable')!;
    expect(svc.metadata.managedFields).toBeUndefined();
    expect(svc.spec.clusterIP).toBeUndefined();
    expect(cache.watcher('ingresses')!.state).toBe('synced');
  });

  it('reads the events of the rollout and of its ReplicaSets on demand, not from the watch', async () => {
    expect(cache.watcherStats().events).toBeUndefined();
    const events = await waitUntil('a ReplicaSet event', async () => {
      const e = await cache.eventsOf(cache.rollout(NS, 'one')!);
      return e.some((x: any) => x.involvedObject?.kind === 'ReplicaSet')
        ? e
        : undefined;
    });
    const kinds = new Set(events.map((x: any) => x.involvedObject?.kind));
    expect([...kinds].sort()).toEqual(['ReplicaSet', 'Rollout']);
    // Trimmed like the cached objects.
    expect(events[0].metadata.managedFields).toBeUndefined();
    expect(events[0].involvedObject.uid).toBeDefined();
  });

  it('watches VirtualServices where the CRD is served; a CRD that is not is absent, not a problem', async () => {
    expect(cache.watcher('virtualservices')!.state).toBe('synced');
    const cfg = cluster.pluginClusterConfig as any;
    const fs = require('node:fs');
    const noIstio = new ClusterCache({
      client: new KubeClient({
        name: 'no-istio',
        url: cfg.url,
        token: cfg.serviceAccountToken,
        ca: cfg.caFile
          ? fs.readFileSync(cfg.caFile, 'utf8')
          : cfg.caData && Buffer.from(cfg.caData, 'base64').toString(),
        skipTLSVerify: Boolean(cfg.skipTLSVerify),
        requestTimeoutMs: 5000,
      }),
      logger: mockServices.logger.mock(),
      watch: { silenceMs: 1500, minBackoffMs: 100 },
      types: [
        {
          key: 'virtualservices',
          prefix: '/apis/not-installed.gradual.dev/v1',
          plural: 'virtualservices',
          required: false,
          ifServed: true,
        },
      ],
    });
    try {
      noIstio.start();
      const watcher = noIstio.watcher('virtualservices')!;
      await waitUntil(
        'the absent state',
        async () => watcher.state === 'absent',
      );
      expect(noIstio.health()).toMatchObject({
        status: 'ok',
        message: undefined,
      });
      expect(watcher.stats.errors).toBe(0);
    } finally {
      await noIstio.stop();
    }
  });

  it('relists after 410 Gone and still sees changes', async () => {
    const watcher = cache.watcher('rollouts')!;
    const before = watcher.stats.relistsOn410;
    watcher.watchFrom('1');
    await waitUntil(
      'a relist on 410',
      async () => watcher.stats.relistsOn410 > before,
      20_000,
    );
    await cluster.admin.request(
      'POST',
      `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts`,
      { body: rollout('two') },
    );
    await waitUntil('the second rollout', async () => cache.rollout(NS, 'two'));
    expect(cache.health().status).toBe('ok');
  });

  it('restarts a silent watch', async () => {
    const watcher = cache.watcher('experiments')!;
    const before = watcher.stats.silentRestarts;
    const lists = watcher.stats.lists;
    await waitUntil(
      'a silent-watch restart',
      async () => watcher.stats.silentRestarts > before,
      20_000,
    );
    expect(watcher.state).not.toBe('error');
    // watched again from the last resourceVersion: no LIST for a silence
    expect(watcher.stats.lists).toBe(lists);
  });

  it('sees deletions', async () => {
    await cluster.admin.request(
      'DELETE',
      `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts/two`,
    );
    await waitUntil('the deletion', async () => !cache.rollout(NS, 'two'));
    expect(cache.rollout(NS, 'one')).toBeDefined();
  });
});
