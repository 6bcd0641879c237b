import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AnalysisDryRunRequest,
  AnalysisDryRunResponse,
} from '@gradual/plugin-rollouts-common';
import type {
  DeliveriesQuery,
  DeliveriesResponse,
  DeliveryMetricsResponse,
} from '@gradual/plugin-rollouts-common';
import type {
  ActionHistoryResponse,
  ActionRequest,
  ActionResponse,
  EntityRolloutsResponse,
  RolloutActionName,
  RolloutDetail,
  RolloutRef,
  StrategyChangeRequest,
  StrategyChangeResponse,
  StrategyOptionsResponse,
} from '@gradual/plugin-rollouts-common';
import type { EntityName, RolloutsApi } from './RolloutsApi';

const segment = encodeURIComponent;

/**
 * Default {@link RolloutsApi}: talks to `/api/rollouts` through the
 * discovery and fetch APIs, so the user's Backstage token is attached.
 *
 * @public
 */
export class RolloutsClient implements RolloutsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getEntityRollouts(entity: EntityName): Promise<EntityRolloutsResponse> {
    return this.request(`${entityPath(entity)}/rollouts`);
  }

  getRollout(entity: EntityName, rollout: RolloutRef): Promise<RolloutDetail> {
    return this.request(rolloutPath(entity, rollout));
  }

  runAction(
    entity: EntityName,
    rollout: RolloutRef,
    action: RolloutActionName,
    request: ActionRequest,
  ): Promise<ActionResponse> {
    return this.request(
      `${rolloutPath(entity, rollout)}/actions/${segment(action)}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
  }

  getStrategyOptions(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<StrategyOptionsResponse> {
    return this.request(`${rolloutPath(entity, rollout)}/strategy`);
  }

  changeStrategy(
    entity: EntityName,
    rollout: RolloutRef,
    request: StrategyChangeRequest,
  ): Promise<StrategyChangeResponse> {
    return this.request(`${rolloutPath(entity, rollout)}/strategy`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  getActionHistory(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<ActionHistoryResponse> {
    return this.request(`${rolloutPath(entity, rollout)}/history`);
  }

  dryRunAnalysis(
    request: AnalysisDryRunRequest,
  ): Promise<AnalysisDryRunResponse> {
    return this.request('/analysis/dry-run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  getDeliveries(query: DeliveriesQuery): Promise<DeliveriesResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === '') continue;
      if (Array.isArray(value)) {
        if (value.length) params.set(key, value.join(','));
      } else params.set(key, String(value));
    }
    const qs = params.toString();
    return this.request(`/deliveries${qs ? `?${qs}` : ''}`);
  }

  getDeliveryMetrics(query: {
    entityRef?: string;
    groupRef?: string;
    days?: number;
  }): Promise<DeliveryMetricsResponse> {
    const params = new URLSearchParams();
    if (query.entityRef) params.set('entity', query.entityRef);
    if (query.groupRef) params.set('group', query.groupRef);
    if (query.days) params.set('days', String(query.days));
    const qs = params.toString();
    return this.request(`/deliveries/metrics${qs ? `?${qs}` : ''}`);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('rollouts');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(entity: EntityName): string {
  return `/entities/${segment(entity.kind)}/${segment(
    entity.namespace,
  )}/${segment(entity.name)}`;
}

function rolloutPath(entity: EntityName, rollout: RolloutRef): string {
  return `${entityPath(entity)}/rollouts/${segment(rollout.cluster)}/${segment(
    rollout.namespace,
  )}/${segment(rollout.name)}`;
}
