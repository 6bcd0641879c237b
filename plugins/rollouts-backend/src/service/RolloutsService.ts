import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionHistoryEntry,
  ActionRequest,
  ActionResponse,
  EntityRolloutsResponse,
  RolloutDetail,
  RolloutPolicies,
  RolloutWaitResult,
  RolloutWatchEnd,
} from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { PendingActionResolver } from '../history/PendingActionResolver';
import { ActionRunner } from './ActionRunner';
import { ActionHolds } from './ActionHolds';
import { GitOpsService } from '../gitops/GitOpsService';
import { RolloutReadQuery } from './auditedRead';
import { AuditedRolloutWaits } from './AuditedRolloutWaits';
import { EntityRolloutList } from './EntityRolloutList';
import { ListResponse } from './ListResponses';
import { RolloutDetailReader } from './RolloutDetailReader';
import { RolloutHistoryReader } from './RolloutHistoryReader';
import { ReadOptions, RolloutReadAudit } from './RolloutReadAudit';
import { WaitOptions, WatchOptions } from './RolloutWaiter';
import {
  RolloutLocator,
  RolloutRequestTarget,
  actorOf,
} from './RolloutLocator';
import { ViewListener, ViewListeners } from './ViewListeners';

export { actorOf };
export type { ReadOptions, RolloutRequestTarget, ViewListener };

/**
 * Reads an entity's rollouts from the watch cache and runs actions on them,
 * with the permission checks, preconditions, audit and history. Shared by
 * the REST router and the MCP actions. The facade over the read modules
 * ({@link EntityRolloutList}, {@link RolloutDetailReader},
 * {@link RolloutHistoryReader}, {@link AuditedRolloutWaits}) and the
 * {@link ActionRunner}.
 */
export class RolloutsService {
  /** Entity lookup, permission and cluster resolution (shared with the strategy service). */
  readonly locator: RolloutLocator;
  readonly #audit: RolloutReadAudit;
  readonly #views = new ViewListeners();
  readonly #pending: PendingActionResolver;
  readonly #actions: ActionRunner;
  readonly #list: EntityRolloutList;
  readonly #detail: RolloutDetailReader;
  readonly #history: RolloutHistoryReader;
  readonly #waits: AuditedRolloutWaits;

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
    const locator = new RolloutLocator(options);
    const audit = new RolloutReadAudit({ auditor: options.auditor });
    const policies = options.policies ?? {};
    const { logger } = options;
    this.locator = locator;
    this.#audit = audit;
    this.#pending = new PendingActionResolver({
      history: options.history,
      client: name => options.cache.cluster(name)?.client,
      logger,
      graceMs: options.pendingGraceMs,
    });
    this.#actions = new ActionRunner({
      locator,
      auditor: options.auditor,
      history: options.history,
      logger,
      holds: options.holds ?? ActionHolds.fromEnvironment(logger),
      gitops: options.gitops,
    });
    const views = this.#views;
    this.#list = new EntityRolloutList({
      locator,
      cache: options.cache,
      logger,
      policies,
      views,
      audit,
    });
    this.#detail = new RolloutDetailReader({
      locator,
      logger,
      policies,
      views,
      audit,
    });
    this.#history = new RolloutHistoryReader({
      locator,
      history: options.history,
      pending: this.#pending,
      audit,
    });
    this.#waits = new AuditedRolloutWaits({ locator, audit });
  }

  /**
   * Resolves the overdue pending history rows of every rollout (the actions
   * of replicas that stopped mid-action); the number resolved.
   */
  resolvePendingActions(): Promise<number> {
    return this.#pending.resolveAll();
  }

  onView(listener: ViewListener): void {
    this.#views.add(listener);
  }

  /** The entity's rollouts in every cluster (read permission; audited). */
  listForEntity(
    entityRef: string,
    credentials: BackstageCredentials,
    options: ReadOptions = {},
  ): Promise<EntityRolloutsResponse> {
    return this.#list.list(entityRef, credentials, options);
  }

  /**
   * {@link RolloutsService.listForEntity}, as the encoded response: the
   * items are serialised once per change of their rollout, and the answer
   * (bytes, ETag, gzip) once per change of any of its parts, not per view.
   * The entity lookup, the permission check and the audit run on every call.
   */
  listForEntityResponse(
    entityRef: string,
    credentials: BackstageCredentials,
    options: ReadOptions = {},
  ): Promise<ListResponse> {
    return this.#list.response(entityRef, credentials, options);
  }

  /** One rollout in detail (read permission; audited). */
  getRollout(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    options: ReadOptions = {},
  ): Promise<RolloutDetail> {
    return this.#detail.get(target, credentials, options);
  }

  /**
   * The wait API (`…/status`, MCP `wait-rollout`): see
   * {@link AuditedRolloutWaits.wait} (read permission; audited with the outcome).
   */
  wait(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    wait: WaitOptions,
    options: ReadOptions = {},
  ): Promise<RolloutWaitResult> {
    return this.#waits.wait(target, credentials, wait, options);
  }

  /**
   * The watch stream (`…/watch`, `gradual get --watch`): see
   * {@link AuditedRolloutWaits.watch} (read permission; audited with how it ended).
   */
  watch(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    watch: WatchOptions,
    options: ReadOptions = {},
  ): Promise<RolloutWatchEnd> {
    return this.#waits.watch(target, credentials, watch, options);
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
    return this.#audit.run(queryType, { target }, credentials, options, body);
  }

  /** A rollout's action history, newest first (read permission; audited). */
  getHistory(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    limit?: number,
    options: ReadOptions = {},
  ): Promise<ActionHistoryEntry[]> {
    return this.#history.list(target, credentials, limit, options);
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
}
