/*
 * User-segment routing on the REAL local cluster: a strategy with header
 * route steps, built with the strategy model as the change-strategy dialog
 * builds it, is applied through the backend; the real Argo Rollouts
 * controller writes the managed routes into the Istio VirtualService (CRDs
 * only, no mesh) and the nginx canary Ingress annotations, and the backend's
 * rollout detail returns what the controller wrote. Own namespace, deleted
 * afterwards (a cluster test: GRADUAL_KUBECONFIG=<admin kubeconfig>).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ipRangeSegment,
  segmentHeaderRouteStep,
  segmentMatch,
  segmentToNginx,
  userIdParitySegment,
  userTierSegment,
  withManagedRoutes,
  type CanaryStrategySpec,
} from '@gradual/plugin-rollouts-common';
import request from 'supertest';
import { objectPath, rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { waitUntil } from '@gradual/test-utils';
import { startRolloutsBackend } from '../__testUtils__/rolloutsBackend';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';

jest.setTimeout(5 * 60_000);

const NS = `gradual-routing-it-${Date.now().toString(36)}`;
const ID = 'it-routing';
const ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': ID,
      'backstage.io/kubernetes-namespace': NS,
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const BASE = `/api/rollouts/entities/component/default/${ID}/rollouts/local/${NS}`;
const ISTIO_PREFIX = '/apis/networking.istio.io/v1alpha3';
/** A manifest to create (no uid yet). */
type Manifest = { kind: string; [key: string]: any };
const labels = (app: string) => ({ 'backstage.io/kubernetes-id': ID, app });

function service(name: string, app: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: labels(app) },
    spec: {
      selector: { app },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    },
  };
}

function rollout(app: string, trafficRouting: object): Manifest {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: app, namespace: NS, labels: labels(app) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: {
          containers: [{ name: app, image: `registry.local/${app}:1.0.0` }],
        },
      },
      strategy: {
        canary: {
          stableService: `${app}-stable`,
          canaryService: `${app}-canary`,
          trafficRouting,
          steps: [{ setWeight: 20 }, { pause: {} }],
        },
      },
    },
  };
}

const OBJECTS: Array<[string, Manifest]> = [
  ['/api/v1', service('web-stable', 'web')],
  ['/api/v1', service('web-canary', 'web')],
  [
    ISTIO_PREFIX,
    {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'VirtualService',
      metadata: { name: 'web', namespace: NS, labels: labels('web') },
      spec: {
        hosts: ['web'],
        http: [
          {
            name: 'primary',
            route: [
              { destination: { host: 'web-stable' }, weight: 100 },
              { destination: { host: 'web-canary' }, weight: 0 },
            ],
          },
        ],
      },
    },
  ],
  [
    '/apis/argoproj.io/v1alpha1',
    rollout('web', {
      istio: { virtualService: { name: 'web', routes: ['primary'] } },
    }),
  ],
  ['/api/v1', service('shop-stable', 'shop')],
  ['/api/v1', service('shop-canary', 'shop')],
  [
    '/apis/networking.k8s.io/v1',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop', namespace: NS, labels: labels('shop') },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'shop.local',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: {
                    service: { name: 'shop-stable', port: { name: 'http' } },
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
  [
    '/apis/argoproj.io/v1alpha1',
    rollout('shop', { nginx: { stableIngress: 'shop' } }),
  ],
];

const plural = (kind: string) =>
  kind === 'Ingress' ? 'ingresses' : `${kind.toLowerCase()}s`;

describe('user-segment routing on the real controller', () => {
  let cluster: TestCluster;
  let server: any;
  const user = mockCredentials.user.header();

  const detail = async (name: string) => {
    const res = await request(server)
      .get(`${BASE}/${name}`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body;
  };
  const strategyOf = async (name: string) =>
    (
      await request(server)
        .get(`${BASE}/${name}/strategy`)
        .set('Authorization', user)
    ).body;
  const apply = async (name: string, spec: CanaryStrategySpec) => {
    const res = await request(server)
      .post(`${BASE}/${name}/strategy`)
      .set('Authorization', user)
      .send({ spec });
    expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
    return res.body;
  };
  const setImage = (name: string, image: string) =>
    request(server)
      .post(`${BASE}/${name}/actions/set-image`)
      .set('Authorization', user)
      .send({ container: name, image });
  const waitHealthy = (name: string) =>
    waitUntil(
      `${name} healthy in the backend`,
      async () => {
        const res = await request(server)
          .get(`${BASE}/${name}`)
          .set('Authorization', user);
        if (res.body?.phase === 'Healthy') return true;
        throw new Error(
          `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
        );
      },
      90_000,
    );
  const virtualService = () =>
    cluster.admin.request<KubeObject>(
      'GET',
      objectPath(ISTIO_PREFIX, 'virtualservices', NS, 'web'),
    );

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await cluster.admin.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    for (const [prefix, object] of OBJECTS) {
      await cluster.admin.request(
        'POST',
        `${prefix}/namespaces/${NS}/${plural(object.kind)}`,
        { body: object },
      );
    }
    ({ server } = await startRolloutsBackend({
      clusters: [cluster.pluginClusterConfig],
      entities: [ENTITY],
    }));
    await waitHealthy('web');
    await waitHealthy('shop');
  });

  afterAll(async () => {
    await cluster?.admin
      .request('DELETE', `/api/v1/namespaces/${NS}`)
      .catch(() => {});
    cluster?.admin.close();
  });

  it('Istio: header route steps for odd user ids and a tier make the controller write managed routes, and the detail shows them', async () => {
    const options = await strategyOf('web');
    expect(options.current.trafficRouting).toEqual({
      istio: { virtualService: { name: 'web', routes: ['primary'] } },
    });
    const odd = userIdParitySegment('odd');
    const spec = withManagedRoutes({
      ...options.current,
      // the controller removes managed routes while no canary pod is
      // available, so the routes come after the first weight
      steps: [
        { setWeight: 10 },
        segmentHeaderRouteStep('odd-users', odd),
        segmentHeaderRouteStep('beta-users', userTierSegment('beta')),
        { pause: {} },
      ],
    });
    expect(spec.trafficRouting!.managedRoutes).toEqual([
      'odd-users',
      'beta-users',
    ]);
    await apply('web', spec);
    const live = await cluster.admin.request<KubeObject>(
      'GET',
      rolloutPath(NS, 'web'),
    );
    expect(live.spec.strategy.canary.trafficRouting.managedRoutes).toEqual([
      { name: 'odd-users' },
      { name: 'beta-users' },
    ]);

    expect((await setImage('web', 'registry.local/web:2.0.0')).status).toBe(
      200,
    );
    // what the real controller wrote
    const vs = await waitUntil(
      'the managed routes in the VirtualService',
      async () => {
        const v = await virtualService();
        return v.spec.http.length === 3 && v.spec.http[2].route[1].weight === 10
          ? v
          : undefined;
      },
    );
    expect(vs.spec.http.map((h: any) => h.name)).toEqual([
      'odd-users',
      'beta-users',
      'primary',
    ]);
    expect(vs.spec.http[0]).toEqual({
      name: 'odd-users',
      match: [{ headers: { 'X-User-Id': { regex: odd.match.regex } } }],
      route: [{ destination: { host: 'web-canary' }, weight: 100 }],
    });

    // what the backend returns, from its watch cache
    const networking = await waitUntil('the routes in the detail', async () => {
      const n = (await detail('web')).networking;
      return n?.virtualServices?.[0]?.routes?.length === 3 ? n : undefined;
    });
    expect(networking.virtualServices).toEqual([
      {
        name: 'web',
        found: true,
        routes: [
          {
            name: 'odd-users',
            managed: true,
            match: ['X-User-Id ~ ^[0-9]*[13579]$'],
            destinations: [{ host: 'web-canary', weight: 100 }],
          },
          {
            name: 'beta-users',
            managed: true,
            match: ['X-User-Tier: beta'],
            destinations: [{ host: 'web-canary', weight: 100 }],
          },
          {
            name: 'primary',
            managed: false,
            match: [],
            destinations: [
              { host: 'web-stable', weight: 90 },
              { host: 'web-canary', weight: 10 },
            ],
          },
        ],
      },
    ]);
    const body = await detail('web');
    expect(body.steps.map((s: any) => [s.kind, s.state])).toEqual([
      ['setWeight', 'done'],
      ['setHeaderRoute', 'done'],
      ['setHeaderRoute', 'done'],
      ['pause', 'current'],
    ]);

    // at the end of the rollout the controller removes the managed routes
    const promoted = await request(server)
      .post(`${BASE}/web/actions/promote-full`)
      .set('Authorization', user)
      .send({});
    expect(promoted.status).toBe(200);
    await waitUntil('the managed routes removed', async () => {
      const n = (await detail('web')).networking;
      const names = n?.virtualServices?.[0]?.routes?.map((r: any) => r.name);
      return names?.length === 1 && names[0] === 'primary';
    });
  });

  it('nginx: an IP-range segment becomes the canary Ingress annotations the controller writes', async () => {
    const options = await strategyOf('shop');
    const segment = ipRangeSegment('10.20.16.0/20');
    const header = segmentToNginx(segmentMatch(segment));
    await apply('shop', {
      ...options.current,
      trafficRouting: {
        ...options.current.trafficRouting,
        nginx: {
          ...options.current.trafficRouting.nginx,
          headerSegment: header,
        },
      },
    });
    const canary = await waitUntil(
      'the canary Ingress annotations',
      async () => {
        const ingress = (await detail('shop')).networking?.ingresses?.find(
          (i: any) => i.role === 'canary',
        );
        return ingress?.canaryAnnotations?.['canary-by-header']
          ? ingress
          : undefined;
      },
    );
    expect(canary).toMatchObject({
      name: 'shop-shop-canary',
      found: true,
      canaryAnnotations: {
        canary: 'true',
        'canary-by-header': 'X-Client-Ip',
        'canary-by-header-pattern': segment.match.regex,
        'canary-weight': '0',
      },
    });
    const written = await cluster.admin.request<KubeObject>(
      'GET',
      objectPath(
        '/apis/networking.k8s.io/v1',
        'ingresses',
        NS,
        'shop-shop-canary',
      ),
    );
    expect(
      written.metadata.annotations?.[
        'nginx.ingress.kubernetes.io/canary-by-header-pattern'
      ],
    ).toBe('^10\\.20\\.(1[6-9]|2[0-9]|3[0-1])\\.[0-9]{1,3}$');
  });

  it('returns the events of the rollout and its ReplicaSets, and each revision with its pod template', async () => {
    const body = await detail('web');
    const kinds = new Set(body.events.map((e: any) => e.object.kind));
    expect([...kinds].sort()).toEqual(['ReplicaSet', 'Rollout']);
    const images = body.revisions.map(
      (r: any) => r.podTemplate?.containers[0].image,
    );
    expect(images).toEqual([
      'registry.local/web:2.0.0',
      'registry.local/web:1.0.0',
    ]);
  });
});
