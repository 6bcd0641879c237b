import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  DefaultApiClient,
  responseBody,
  rolloutRouteParams,
  type ListDeliveries,
} from '@gradual/plugin-rollouts-common';
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
  GitOpsPullRequestsResponse,
  RolloutActionName,
  RolloutDetail,
  RolloutRef,
  StrategyChangeRequest,
  StrategyChangeResponse,
  StrategyOptionsResponse,
} from '@gradual/plugin-rollouts-common';
import type { EntityName, RolloutsApi } from './RolloutsApi';

/**
 * Default {@link RolloutsApi}: every call goes through the client generated
 * from the backend's OpenAPI spec (`DefaultApiClient` of
 * `@gradual/plugin-rollouts-common`), with the discovery and fetch APIs, so
 * the user's Backstage token is attached. Non-2xx answers reject with a
 * `ResponseError`.
 *
 * Live updates do not go through this client: they arrive as Backstage
 * signals (the signals plugin's WebSocket), and the long-poll
 * `GET .../status` wait is used by the `gradual` CLI only.
 *
 * @public
 */
export class RolloutsClient implements RolloutsApi {
  private readonly client: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new DefaultApiClient(options);
  }

  async getEntityRollouts(entity: EntityName): Promise<EntityRolloutsResponse> {
    return responseBody(await this.client.listEntityRollouts({ path: entity }));
  }

  async getRollout(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<RolloutDetail> {
    return responseBody(
      await this.client.getEntityRollout({
        path: rolloutRouteParams(entity, rollout),
      }),
    );
  }

  async runAction(
    entity: EntityName,
    rollout: RolloutRef,
    action: RolloutActionName,
    request: ActionRequest,
  ): Promise<ActionResponse> {
    return responseBody(
      await this.client.runRolloutAction({
        path: { ...rolloutRouteParams(entity, rollout), action },
        body: request,
      }),
    );
  }

  async getStrategyOptions(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<StrategyOptionsResponse> {
    return responseBody(
      await this.client.getRolloutStrategyOptions({
        path: rolloutRouteParams(entity, rollout),
      }),
    );
  }

  async changeStrategy(
    entity: EntityName,
    rollout: RolloutRef,
    request: StrategyChangeRequest,
  ): Promise<StrategyChangeResponse> {
    return responseBody(
      await this.client.changeRolloutStrategy({
        path: rolloutRouteParams(entity, rollout),
        body: request,
      }),
    );
  }

  async getActionHistory(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<ActionHistoryResponse> {
    return responseBody(
      await this.client.getRolloutHistory({
        path: rolloutRouteParams(entity, rollout),
        query: {},
      }),
    );
  }

  async getPullRequests(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<GitOpsPullRequestsResponse> {
    return responseBody(
      await this.client.getRolloutPullRequests({
        path: rolloutRouteParams(entity, rollout),
      }),
    );
  }

  async dryRunAnalysis(
    request: AnalysisDryRunRequest,
  ): Promise<AnalysisDryRunResponse> {
    return responseBody(await this.client.dryRunAnalysis({ body: request }));
  }

  async getDeliveries(query: DeliveriesQuery): Promise<DeliveriesResponse> {
    return responseBody(
      await this.client.listDeliveries({ query: deliveriesQuery(query) }),
    );
  }

  async getDeliveryMetrics(query: {
    entityRef?: string;
    groupRef?: string;
    days?: number;
  }): Promise<DeliveryMetricsResponse> {
    return responseBody(
      await this.client.getDeliveryMetrics({
        query: {
          entity: query.entityRef || undefined,
          group: query.groupRef || undefined,
          days: query.days || undefined,
        },
      }),
    );
  }
}

/**
 * The page's filters as the spec's query parameters: lists comma-separated
 * (the template expands arrays so), empty values left out.
 */
function deliveriesQuery(query: DeliveriesQuery): ListDeliveries['query'] {
  const list = (values?: string[]) =>
    values?.length ? values.join(',') : undefined;
  return {
    attention: query.attention === undefined ? undefined : `${query.attention}`,
    status: list(query.status),
    cluster: list(query.cluster),
    namespace: list(query.namespace),
    owner: list(query.owner),
    system: list(query.system),
    strategy: list(query.strategy),
    q: query.q || undefined,
    sort: query.sort,
    order: query.order,
    limit: query.limit,
    offset: query.offset,
  };
}
