import { trimObject } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { summarizeNetworking } from './networking';

const meta = (name: string, extra: object = {}) => ({
  name,
  namespace: 'ns',
  uid: `uid-${name}`,
  resourceVersion: '1',
  managedFields: [{ big: true }],
  ...extra,
});

describe('summarizeNetworking', () => {
  const objects: Record<string, KubeObject> = {
    'services/shop-stable': trimObject('services', {
      metadata: meta('shop-stable'),
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.0.0.1',
        selector: { app: 'shop', 'rollouts-pod-template-hash': 'abc' },
        ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    }),
    'ingresses/shop': trimObject('ingresses', {
      metadata: meta('shop', {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      }),
      spec: {
        rules: [
          {
            host: 'shop.example.com',
            http: { paths: [{ backend: { service: { name: 'x' } } }] },
          },
        ],
      },
    }),
    'ingresses/shop-shop-canary': trimObject('ingresses', {
      metadata: meta('shop-shop-canary', {
        annotations: {
          'nginx.ingress.kubernetes.io/canary': 'true',
          'nginx.ingress.kubernetes.io/canary-weight': '20',
        },
      }),
      spec: { rules: [{ host: 'shop.example.com' }] },
    }),
  };
  const lookup = (
    type: 'services' | 'ingresses' | 'virtualservices',
    name: string,
  ) => objects[`${type}/${name}`];

  it('trims services and ingresses to what the summary needs', () => {
    const svc = objects['services/shop-stable'];
    expect(svc.metadata.managedFields).toBeUndefined();
    expect(svc.spec.clusterIP).toBeUndefined();
    expect(objects['ingresses/shop'].metadata.annotations).toEqual({});
  });

  it('summarizes the canary services and nginx ingresses', () => {
    const rollout = {
      metadata: { name: 'shop', namespace: 'ns', uid: 'r' },
      spec: {
        strategy: {
          canary: {
            stableService: 'shop-stable',
            canaryService: 'shop-canary',
            trafficRouting: { nginx: { stableIngress: 'shop' } },
          },
        },
      },
    };
    expect(summarizeNetworking(rollout, lookup)).toEqual({
      services: [
        {
          role: 'stable',
          name: 'shop-stable',
          found: true,
          type: 'ClusterIP',
          ports: ['80/TCP→8080'],
          podTemplateHash: 'abc',
        },
        { role: 'canary', name: 'shop-canary', found: false },
      ],
      ingresses: [
        {
          role: 'stable',
          name: 'shop',
          found: true,
          hosts: ['shop.example.com'],
        },
        {
          role: 'canary',
          name: 'shop-shop-canary',
          found: true,
          hosts: ['shop.example.com'],
          canaryWeight: 20,
          canaryAnnotations: { canary: 'true', 'canary-weight': '20' },
        },
      ],
    });
  });

  it('summarizes each nginx stableIngresses entry and its canary ingress', () => {
    const rollout = {
      metadata: { name: 'shop', namespace: 'ns', uid: 'r' },
      spec: {
        strategy: {
          canary: {
            stableService: 'shop-stable',
            canaryService: 'shop-canary',
            trafficRouting: {
              nginx: { stableIngresses: ['shop', 'shop-internal'] },
            },
          },
        },
      },
    };
    const { ingresses } = summarizeNetworking(rollout, lookup);
    expect(ingresses.map(i => [i.role, i.name, i.found])).toEqual([
      ['stable', 'shop', true],
      ['stable', 'shop-internal', false],
      ['canary', 'shop-shop-canary', true],
    ]);
  });

  it('summarizes blue-green services; nothing for a rollout without any', () => {
    const bg = {
      metadata: { name: 'bg', namespace: 'ns', uid: 'r' },
      spec: {
        strategy: {
          blueGreen: { activeService: 'shop-stable', previewService: 'bg-p' },
        },
      },
    };
    const result = summarizeNetworking(bg, lookup);
    expect(result.services.map(s => [s.role, s.name, s.found])).toEqual([
      ['active', 'shop-stable', true],
      ['preview', 'bg-p', false],
    ]);
    expect(result.ingresses).toEqual([]);
    expect(
      summarizeNetworking(
        {
          metadata: { name: 'c', uid: 'c' },
          spec: { strategy: { canary: { steps: [] } } },
        },
        lookup,
      ),
    ).toEqual({ services: [], ingresses: [] });
  });

  it('reads the routes the controller wrote into the VirtualService, managed ones marked', () => {
    objects['virtualservices/shop'] = trimObject('virtualservices', {
      metadata: meta('shop'),
      spec: {
        hosts: ['shop'],
        gateways: ['mesh'],
        http: [
          {
            name: 'beta-users',
            match: [
              { headers: { 'X-User-Tier': { exact: 'beta' } } },
              { headers: { 'X-User-Id': { regex: '^[0-9]*[13579]$' } } },
            ],
            route: [{ destination: { host: 'shop-canary' }, weight: 100 }],
          },
          {
            name: 'mirror',
            match: [{ method: { exact: 'GET' }, uri: { prefix: '/api' } }],
            route: [{ destination: { host: 'shop-stable' }, weight: 100 }],
            mirror: { host: 'shop-canary' },
            mirrorPercentage: { value: 35 },
          },
          {
            name: 'primary',
            retries: { attempts: 3 },
            route: [
              { destination: { host: 'shop-stable' }, weight: 90 },
              { destination: { host: 'shop-canary' }, weight: 10 },
            ],
          },
        ],
      },
    });
    const rollout = {
      metadata: { name: 'shop', namespace: 'ns', uid: 'r' },
      spec: {
        strategy: {
          canary: {
            trafficRouting: {
              managedRoutes: [{ name: 'beta-users' }, { name: 'mirror' }],
              istio: {
                virtualService: { name: 'shop', routes: ['primary'] },
                virtualServices: [{ name: 'absent' }],
              },
            },
          },
        },
      },
    };
    expect(objects['virtualservices/shop'].spec.gateways).toBeUndefined();
    expect(summarizeNetworking(rollout, lookup).virtualServices).toEqual([
      {
        name: 'shop',
        found: true,
        routes: [
          {
            name: 'beta-users',
            managed: true,
            match: ['X-User-Tier: beta', 'X-User-Id ~ ^[0-9]*[13579]$'],
            destinations: [{ host: 'shop-canary', weight: 100 }],
          },
          {
            name: 'mirror',
            managed: true,
            match: ['method: GET, path ^= /api'],
            destinations: [{ host: 'shop-stable', weight: 100 }],
            mirror: { host: 'shop-canary', percentage: 35 },
          },
          {
            name: 'primary',
            managed: false,
            match: [],
            destinations: [
              { host: 'shop-stable', weight: 90 },
              { host: 'shop-canary', weight: 10 },
            ],
          },
        ],
      },
      { name: 'absent', found: false },
    ]);
  });
});
