import { createApiRef } from '@backstage/frontend-plugin-api';
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

/** The parts of an entity ref the backend routes use. */
export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Client of the `rollouts` backend plugin.
 *
 * @public
 */
export interface RolloutsApi {
  /** The entity's rollouts across all clusters, with the per-cluster status. */
  getEntityRollouts(entity: EntityName): Promise<EntityRolloutsResponse>;
  /** One rollout with its steps, revisions, analysis runs and experiments. */
  getRollout(entity: EntityName, rollout: RolloutRef): Promise<RolloutDetail>;
  /** Runs an action; rejects with a `ResponseError` (409 when the rollout moved on). */
  runAction(
    entity: EntityName,
    rollout: RolloutRef,
    action: RolloutActionName,
    request: ActionRequest,
  ): Promise<ActionResponse>;
  /** What a strategy change starts from: the live strategy, presets, policies. */
  getStrategyOptions(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<StrategyOptionsResponse>;
  /**
   * Plans (`dryRun: true`) or applies a new strategy. Rejects with a
   * `ResponseError`: 400 invalid spec or lint errors, 403, 409 stale or Argo
   * CD managed.
   */
  changeStrategy(
    entity: EntityName,
    rollout: RolloutRef,
    request: StrategyChangeRequest,
  ): Promise<StrategyChangeResponse>;
  /**
   * The pull requests opened for an Argo CD-managed rollout's GitOps
   * changes, with their state (optional: other implementations may lack it).
   */
  getPullRequests?(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<GitOpsPullRequestsResponse>;
  /** Who did what to the rollout, newest first. */
  getActionHistory(
    entity: EntityName,
    rollout: RolloutRef,
  ): Promise<ActionHistoryResponse>;
  /**
   * Runs an AnalysisTemplate's metrics once, now (`POST /analysis/dry-run`).
   * Rejects with a `ResponseError` (400 for a template the dry-run refuses).
   */
  dryRunAnalysis(
    request: AnalysisDryRunRequest,
  ): Promise<AnalysisDryRunResponse>;
  /** Every delivery the user may see across clusters: one page, with counts and facets. */
  getDeliveries(query: DeliveriesQuery): Promise<DeliveriesResponse>;
  /** Delivery metrics of an entity, an owner group, or everything visible. */
  getDeliveryMetrics(query: {
    entityRef?: string;
    groupRef?: string;
    days?: number;
  }): Promise<DeliveryMetricsResponse>;
}

/** @public */
export const rolloutsApiRef = createApiRef<RolloutsApi>().with({
  id: 'plugin.rollouts.service',
  pluginId: 'rollouts',
});
