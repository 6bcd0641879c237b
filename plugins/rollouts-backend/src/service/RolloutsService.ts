import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionHistoryEntry,
  ActionRequest,
  ActionResponse,
  ClusterStatus,
  EntityRolloutsResponse,
  KubeObject,
  RolloutDetail,
  RolloutPolicies,
  RolloutSummary,
  RolloutWaitResult,
  RolloutWatchEnd,
  countFindings,
  describeRollout,
  lintLiveRollout,
  rolloutReadPermission,
  summarizeRollout,
} from '@gradual/plugin-rollouts-common';
import { ClusterCache } from '../cache/ClusterCache';
import { RolloutsCache } from '../cache/RolloutsCache';
import {
  EntityRolloutSelector,
  pinnedKubernetesId,
  rolloutBelongsTo,
  selectorForEntity,
} from '../entities/entityRollouts';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { PendingActionResolver } from '../history/PendingActionResolver';
import { ActionRunner } from './ActionRunner';
import { ActionHolds } from './ActionHolds';
import { titleOf } from './clusterTitle';
import { GitOpsService } from '../gitops/GitOpsService';
import { RolloutReadQuery, runAuditedRead } from './auditedRead';
import { RolloutWaiter, WaitOptions, WatchOptions } from './RolloutWaiter';
import { RolloutListItems } from './RolloutListItems';
import { ListResponse, ListResponses } from './ListResponses';
import {
  RolloutLocator,
  RolloutRequestTarget,
  actorOf,
} from './RolloutLocator';

export { actorOf };
export type { RolloutRequestTarget };

/** Where a read came from: the REST request (for the audit), none for MCP. */
export interface ReadOptions {
  httpRequest?: any;
}

/** Someone looked at an entity's rollouts: the live-update registry wants to know. */
export type ViewListener = (
  selector: EntityRolloutSelector,
  credentials: BackstageCredentials,
) => void;

/**
 * Reads an entity's rollouts from the watch cache and runs actions on them,
 * with the permission checks, preconditions, audit and history. Shared by
 * the REST router and the MCP actions.
 */
export class RolloutsService {
  /** Entity lookup, permission and cluster resolution (shared with the strategy service). */
  readonly locator: RolloutLocator;
  readonly #cache: RolloutsCache;
  readonly #auditor: AuditorService;
  readonly #history: ActionHistoryStore;
  readonly #logger: LoggerService;
  readonly #policies: RolloutPolicies;
  readonly #viewListeners = new Set<ViewListener>();
  readonly #pending: PendingActionResolver;
  readonly #actions: ActionRunner;
  readonly #waiter = new RolloutWaiter({
    locate: (target, credentials) =>
      this.locator.locate(target, credentials, rolloutReadPermission),
  });
  readonly #listItems: RolloutListItems;
  readonly #listResponses = new ListResponses();

  constructor(options: {
    cache: RolloutsCache;
    catalog: CatalogService;
    permissions: PermissionsService;
    auditor: AuditorService;
    history: ActionHistoryStore;
    logger: LoggerService;
    /** `rollouts.policies`, applied with the upstream rules to live rollouts. */
    policies?: RolloutPolicies;
    /** How long a pending history row is left to its replica before a reader resolves it. */
    pendingGraceMs?: number;
    /** Test-only fault injection; from the environment by default (off). */
    holds?: ActionHolds;
    /** set-image of an Argo CD-managed rollout becomes a pull request (GitOps). */
    gitops?: GitOpsService;
  }) {
    this.#cache = options.cache;
    this.locator = new RolloutLocator(options);
    this.#auditor = options.auditor;
    this.#history = options.history;
    this.#logger = options.logger;
    this.#policies = options.policies ?? {};
    this.#pending = new PendingActionResolver({
      history: options.history,
      client: name => options.cache.cluster(name)?.client,
      logger: options.logger,
      graceMs: options.pendingGraceMs,
    });
    this.#actions = new ActionRunner({
      locator: this.locator,
      auditor: options.auditor,
      history: options.history,
      logger: options.logger,
      holds: options.holds ?? ActionHolds.fromEnvironment(options.logger),
      gitops: options.gitops,
    });
    this.#listItems = new RolloutListItems({
      cache: options.cache,
      build: (cluster, ro) => this.#listItem(cluster, ro),
    });
  }

  /**
   * Resolves the overdue pending history rows of every rollout (the actions
   * of replicas that stopped mid-action); the number resolved.
   */
  resolvePendingActions(): Promise<number> {
    return this.#pending.resolveAll();
  }

  onView(listener: ViewListener): void {
    this.#viewListeners.add(listener);
  }

  /** The entity's rollouts in every cluster (read permission; audited). */
  async listForEntity(
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
   * {@link RolloutsService.listForEntity}, as the encoded response: the
   * items are serialised once per change of their rollout, and the answer
   * (bytes, ETag, gzip) once per change of any of its parts, not per view.
   * The entity lookup, the permission check and the audit run on every call.
   */
  async listForEntityResponse(
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
    return this.#audited('list', { entityRef }, credentials, options, () =>
      this.#listForEntity(entityRef, credentials),
    );
  }

  /** The entity's rollouts: the JSON of each item, and the clusters. */
  async #listForEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ items: string[]; clusters: ClusterStatus[] }> {
    const entity = await this.locator.getEntity(entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    await this.locator.authorize(rolloutReadPermission, ref, credentials);
    const selector = selectorForEntity(entity);
    this.#notifyView(selector, credentials);
    const perCluster = await Promise.all(
      this.#cache.clusters().map(async cluster => {
        const status = await this.#clusterStatus(cluster);
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

  /** One rollout in detail (read permission; audited). */
  getRollout(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    options: ReadOptions = {},
  ): Promise<RolloutDetail> {
    return this.#audited('get', { target }, credentials, options, () =>
      this.#getRollout(target, credentials),
    );
  }

  async #getRollout(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
  ): Promise<RolloutDetail> {
    const { cluster, rollout, selector } = await this.locator.locate(
      target,
      credentials,
      rolloutReadPermission,
    );
    this.#notifyView(selector, credentials);
    const findings = lintLiveRollout(rollout, this.#policies);
    return {
      ...describeRollout(cluster.name, {
        ...cluster.objectsOf(rollout),
        events: await this.#eventsOf(cluster, rollout),
      }),
      ...titleOf(cluster),
      findings,
      findingCounts: countFindings(findings),
      networking: cluster.networkingOf(rollout),
    };
  }

  /** The detail view's events; without them (logged) when the API server cannot list them. */
  async #eventsOf(
    cluster: ClusterCache,
    rollout: KubeObject,
  ): Promise<KubeObject[]> {
    try {
      return await cluster.eventsOf(rollout);
    } catch (e) {
      this.#logger.warn(
        `cannot list the events of rollout ${cluster.name}/${rollout.metadata.namespace}/${rollout.metadata.name}: ${e}`,
      );
      return [];
    }
  }

  /**
   * The wait API (`…/status`, MCP `wait-rollout`): see {@link RolloutWaiter}
   * (read permission; audited with the outcome).
   */
  wait(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    wait: WaitOptions,
    options: ReadOptions = {},
  ): Promise<RolloutWaitResult> {
    return this.#audited(
      'status',
      {
        target,
        params: { until: wait.until, timeoutSeconds: wait.timeoutSeconds },
        successMeta: result => ({
          outcome: result.outcome,
          phase: result.state.phase,
          waitedSeconds: result.waitedSeconds,
        }),
      },
      credentials,
      options,
      () => this.#waiter.wait(target, credentials, wait),
    );
  }

  /**
   * The watch stream (`…/watch`, `gradual get --watch`): see
   * {@link RolloutWaiter.watch} (read permission; audited with how it ended).
   */
  watch(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    watch: WatchOptions,
    options: ReadOptions = {},
  ): Promise<RolloutWatchEnd> {
    return this.#audited(
      'watch',
      {
        target,
        params: { timeoutSeconds: watch.timeoutSeconds },
        successMeta: end => ({ ...end }),
      },
      credentials,
      options,
      () => this.#waiter.watch(target, credentials, watch),
    );
  }

  /**
   * Another read of one rollout (e.g. its GitOps pull requests), audited
   * like the service's own reads: low severity, the caller, the rollout.
   */
  auditedRead<T>(
    queryType: RolloutReadQuery,
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    options: ReadOptions,
    body: () => Promise<T>,
  ): Promise<T> {
    return this.#audited(queryType, { target }, credentials, options, body);
  }

  /** A rollout's action history, newest first (read permission; audited). */
  getHistory(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    limit?: number,
    options: ReadOptions = {},
  ): Promise<ActionHistoryEntry[]> {
    return this.#audited(
      'history',
      { target, params: limit === undefined ? undefined : { limit } },
      credentials,
      options,
      () => this.#getHistory(target, credentials, limit),
    );
  }

  async #getHistory(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    limit?: number,
  ): Promise<ActionHistoryEntry[]> {
    const entity = await this.locator.getEntity(target.entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    await this.locator.authorize(rolloutReadPermission, ref, credentials);
    this.locator.checkNames(target);
    await this.#pending.resolveRollout(target);
    return this.#history.list({
      cluster: target.cluster,
      namespace: target.namespace,
      name: target.name,
      limit,
    });
  }

  /**
   * Runs one action: entity (404), permission (403, recorded), rollout of
   * that entity (404), live GET, `expected` (409), plan (400/409), patches
   * carrying the decision's resourceVersion (409 when the rollout moved on).
   * Every attempt past the entity lookup is audited and stored
   * (see {@link ActionRunner}).
   */
  runAction(
    target: RolloutRequestTarget,
    actionName: string,
    request: ActionRequest,
    credentials: BackstageCredentials,
    options: { httpRequest?: any } = {},
  ): Promise<ActionResponse> {
    return this.#actions.run(target, actionName, request, credentials, options);
  }

  #audited<T>(
    queryType: RolloutReadQuery,
    what: Pick<
      Parameters<typeof runAuditedRead<T>>[0],
      'params' | 'successMeta'
    > & { entityRef?: string; target?: RolloutRequestTarget },
    credentials: BackstageCredentials,
    options: ReadOptions,
    body: () => Promise<T>,
  ): Promise<T> {
    const { target } = what;
    return runAuditedRead(
      {
        auditor: this.#auditor,
        queryType,
        actor: actorOf(credentials),
        entityRef: what.entityRef ?? target!.entityRef,
        target,
        params: what.params,
        successMeta: what.successMeta,
        httpRequest: options.httpRequest,
      },
      body,
    );
  }

  async #clusterStatus(cluster: ClusterCache): Promise<ClusterStatus> {
    await cluster.waitForSync(cluster.client.requestTimeoutMs);
    const { name, title, status, message } = cluster.health();
    return {
      name,
      ...(title ? { title } : {}),
      status,
      ...(message ? { message } : {}),
    };
  }

  #notifyView(
    selector: EntityRolloutSelector,
    credentials: BackstageCredentials,
  ) {
    for (const l of this.#viewListeners) {
      try {
        l(selector, credentials);
      } catch {
        // a listener never fails a read
      }
    }
  }
}
