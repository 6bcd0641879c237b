import type {
  DeliveriesResponse,
  DeliveryItem,
  DeliveryMetricsResponse,
} from '@gradual/plugin-rollouts-common';

export const pausedDelivery: DeliveryItem = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'web',
  strategy: 'canary',
  phase: 'Paused',
  status: 'paused',
  message: 'CanaryPauseStep',
  step: { index: 1, count: 4 },
  setWeight: 25,
  revision: '3',
  images: ['registry.local/web:2.0.0'],
  aborted: false,
  attention: 'waiting-for-promotion',
  entities: [
    {
      entityRef: 'component:default/web',
      owner: 'group:default/team-a',
      system: 'system:default/shop',
    },
  ],
  updatedAt: '2026-12-01T10:00:00Z',
};

export const healthyDelivery: DeliveryItem = {
  ...pausedDelivery,
  name: 'api',
  phase: 'Healthy',
  status: 'healthy',
  message: '',
  step: { index: 4, count: 4 },
  attention: undefined,
  entities: [{ entityRef: 'component:default/api' }],
};

export function deliveriesResponse(
  items: DeliveryItem[],
  total = items.length,
  offset = 0,
): DeliveriesResponse {
  return {
    items,
    total,
    offset,
    limit: 50,
    counts: {
      progressing: 0,
      paused: 1,
      degraded: 0,
      healthy: 1,
      attention: 1,
    },
    facets: {
      clusters: ['prod-eu'],
      namespaces: ['shop'],
      owners: ['group:default/team-a'],
      systems: ['system:default/shop'],
    },
    clusters: [{ name: 'prod-eu', status: 'ok' }],
  };
}

export const metricsResponse: DeliveryMetricsResponse = {
  scope: { type: 'entity', ref: 'component:default/user-service' },
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  entities: ['component:default/user-service'],
  metrics: {
    deployments: 4,
    completed: 3,
    aborts: 1,
    rollbacks: 1,
    changeFailureRate: 0.25,
    leadTimeMs: { median: 300_000, p90: 600_000, samples: 3 },
    manualWaitMs: { total: 120_000, median: 60_000, pauses: 2 },
    abortReasons: { analysis: 1, manual: 0, 'progress-deadline': 0 },
    daily: [
      {
        day: '2026-11-30',
        deployments: 4,
        aborts: 1,
        rollbacks: 1,
        leadTimeMedianMs: 300_000,
      },
    ],
  },
};
