import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ClusterStatus,
  EntityRolloutsResponse,
  KubeObject,
  RolloutPolicies,
  RolloutSummary,
  countFindings,
  lintLiveRollout,
  rolloutReadPermission,
  summarizeRollout,
} from '@gradual/plugin-rollouts-common';
import { ClusterCache } from '../cache/ClusterCache';
import { RolloutsCache } from '../cache/RolloutsCache';
import {
  pinnedKubernetesId,
  rolloutBelongsTo,
  selectorForEntity,
} from '../entities/entityRollouts';
import { titleOf } from './clusterTitle';
import { clusterStatusOf } from './clusterStatus';
import { ListResponse, ListResponses } from './ListResponses';
import { RolloutListItems } from './RolloutListItems';
import { ReadOptions, RolloutReadAudit } from './RolloutReadAudit';
import { RolloutLocator } from './RolloutLocator';
import { ViewListeners } from './ViewListeners';

/**
 * The list view of {@link RolloutsService}: an entity's rollouts in every
 * cluster from the watch cache (read permission; audited), as objects or
 * as the encoded response.
 */
export class EntityRolloutList {
  readonly #locator: RolloutLocator;
  readonly #cache: RolloutsCache;
  readonly #logger: LoggerService;
  readonly #policies: RolloutPolicies;
  readonly #views: ViewListeners;
  readonly #audit: RolloutReadAudit;
  readonly #listItems: RolloutListItems;
  readonly #listResponses = new ListResponses();

  constructor(options: {
    locator: RolloutLocator;
    cache: RolloutsCache;
    logger: LoggerService;
    policies: RolloutPolicies;
    views: ViewListeners;
    audit: RolloutReadAudit;
  }) {
    this.#locator = options.locator;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#policies = options.policies;
    this.#views = options.views;
    this.#audit = options.audit;
    this.#listItems = new RolloutListItems({
      cache: options.cache,
      build: (cluster, ro) => this.#listItem(cluster, ro),
    });
  }

  /** The entity's rollouts in every cluster (read permission; audited). */
  async list(
    entityRef: string,
    credentials: BackstageCredentials,
    options: ReadOptions = {},
  ): Promise<EntityRolloutsResponse> {
    const { items, clusters } = await this.#auditedList(
      entityRef,
      credentials,
      options,
    );
    return { items: items.map(i => JSON.parse(i)), clusters };
  }

  /**
   * {@link EntityRolloutList.list}, as the encoded response: the
   * items are serialised once per change of their rollout, and the answer
   * (bytes, ETag, gzip) once per change of any of its parts, not per view.
   * The entity lookup, the permission check and the audit run on every call.
   */
  async response(
    entityRef: string,
    credentials: BackstageCredentials,
    options: ReadOptions = {},
  ): Promise<ListResponse> {
    const { items, clusters } = await this.#auditedList(
      entityRef,
      credentials,
      options,
    );
    return this.#listResponses.response(
      entityRef,
      items,
      JSON.stringify(clusters),
    );
  }

  #auditedList(
    entityRef: string,
    credentials: BackstageCredentials,
    options: ReadOptions,
  ) {
    return this.#audit.run('list', { entityRef }, credentials, options, () =>
      this.#listForEntity(entityRef, credentials),
    );
  }

  /** The entity's rollouts: the JSON of each item, and the clusters. */
  async #listForEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ items: string[]; clusters: ClusterStatus[] }> {
    const entity = await this.#locator.getEntity(entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    await this.#locator.authorize(rolloutReadPermission, ref, credentials);
    const selector = selectorForEntity(entity);
    this.#views.notify(selector, credentials);
    const perCluster = await Promise.all(
      this.#cache.clusters().map(async cluster => {
        const status = await clusterStatusOf(cluster);
        const items: string[] = [];
        const mine = cluster.rollouts(
          r => rolloutBelongsTo(selector, r),
          pinnedKubernetesId(selector),
        );
        for (const ro of mine) {
          try {
            items.push(this.#listItems.json(cluster, ro));
          } catch (e) {
            this.#logger.warn(
              `cannot summarize rollout ${cluster.name}/${ro.metadata.namespace}/${ro.metadata.name}: ${e}`,
            );
          }
        }
        return { status, items };
      }),
    );
    return {
      items: perCluster.flatMap(c => c.items),
      clusters: perCluster.map(c => c.status),
    };
  }

  /** The list-view item of one rollout (memoised by {@link RolloutListItems}). */
  #listItem(cluster: ClusterCache, ro: KubeObject): RolloutSummary {
    return {
      ...summarizeRollout(cluster.name, cluster.objectsOf(ro)),
      ...titleOf(cluster),
      findingCounts: countFindings(lintLiveRollout(ro, this.#policies)),
    };
  }
}
