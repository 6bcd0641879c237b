import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionHistoryEntry,
  ActionRequest,
  ClusterStatus,
  EntityRolloutsResponse,
  RolloutDetail,
  RolloutPolicies,
  RolloutSummary,
  countFindings,
  describeRollout,
  lintLiveRollout,
  getCurrentCanaryStep,
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
import { KubeApiError } from '../kube/KubeClient';
import { isValidObjectName } from '../kube/resources';
import { KubeObject } from '../kube/types';
import { runAuditedMutation } from '../history/auditedMutation';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { getActionDefinition } from '../actions/actionTable';
import { ActionExecutor } from './ActionExecutor';

/** Someone looked at an entity's rollouts: the live-update registry wants to know. */
export type ViewListener = (
  selector: EntityRolloutSelector,
  credentials: BackstageCredentials,
) => void;

export interface RolloutRequestTarget {
  entityRef: string;
  cluster: string;
  namespace: string;
  name: string;
}

export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as any;
  if (p?.type === 'user') return p.userEntityRef;
  if (p?.type === 'service') return `service:${p.subject}`;
  return 'anonymous';
}

const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
const stepOf = (ro: KubeObject): number | null =>
  getCurrentCanaryStep(ro as any).index ?? null;
const revisionStringOf = (ro: KubeObject): string =>
  ro.metadata.annotations?.[REVISION_ANNOTATION] ?? '';

/**
 * Reads an entity's rollouts from the watch cache and runs actions on them,
 * with the permission checks, preconditions, audit and history. Shared by
 * the REST router and the MCP actions.
 */
export class RolloutsService {
  readonly #cache: RolloutsCache;
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;
  readonly #auditor: AuditorService;
  readonly #history: ActionHistoryStore;
  readonly #logger: LoggerService;
  readonly #policies: RolloutPolicies;
  readonly #viewListeners = new Set<ViewListener>();

  constructor(options: {
    cache: RolloutsCache;
    catalog: CatalogService;
    permissions: PermissionsService;
    auditor: AuditorService;
    history: ActionHistoryStore;
    logger: LoggerService;
    /** `rollouts.policies`, applied with the upstream rules to live rollouts. */
    policies?: RolloutPolicies;
  }) {
    this.#cache = options.cache;
    this.#catalog = options.catalog;
    this.#permissions = options.permissions;
    this.#auditor = options.auditor;
    this.#history = options.history;
    this.#logger = options.logger;
    this.#policies = options.policies ?? {};
  }

  onView(listener: ViewListener): void {
    this.#viewListeners.add(listener);
  }

  /** The entity as the caller may see it; 404 when unknown or invisible. */
  async getEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(entityRef));
    } catch (e) {
      throw new InputError(`invalid entity ref: ${(e as Error).message}`);
    }
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`entity ${ref} not found`);
    return entity;
  }

  async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.#permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      {
        credentials,
      },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed to ${permission.name} on ${entityRef}`,
      );
    }
  }

  async listForEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityRolloutsResponse> {
    const entity = await this.getEntity(entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    await this.authorize(rolloutReadPermission, ref, credentials);
    const selector = selectorForEntity(entity);
    this.#notifyView(selector, credentials);
    const now = new Date();
    const perCluster = await Promise.all(
      this.#cache.clusters().map(async cluster => {
        const status = await this.#clusterStatus(cluster);
        const items: RolloutSummary[] = [];
        const mine = cluster.rollouts(
          r => rolloutBelongsTo(selector, r),
          pinnedKubernetesId(selector),
        );
        for (const ro of mine) {
          try {
            items.push({
              ...summarizeRollout(cluster.name, cluster.objectsOf(ro), now),
              ...titleOf(cluster),
              findingCounts: countFindings(lintLiveRollout(ro, this.#policies)),
            });
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

  async getRollout(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
  ): Promise<RolloutDetail> {
    const { cluster, rollout, selector } = await this.#resolve(
      target,
      credentials,
      rolloutReadPermission,
    );
    this.#notifyView(selector, credentials);
    const findings = lintLiveRollout(rollout, this.#policies);
    return {
      ...describeRollout(cluster.name, cluster.objectsOf(rollout)),
      ...titleOf(cluster),
      findings,
      findingCounts: countFindings(findings),
      networking: cluster.networkingOf(rollout),
    };
  }

  /**
   * The entity's rollout from the cache, with the cluster and the entity's
   * selector: 400 bad names, 404 unknown cluster or not the entity's, 503
   * cluster never synced. Checks `permission` when given.
   */
  locate(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    permission?: ResourcePermission<'catalog-entity'>,
    knownEntity?: Entity,
  ) {
    return this.#resolve(target, credentials, permission, knownEntity);
  }

  /** Kubernetes API errors as the HTTP errors this API answers with. */
  toHttpError(e: unknown): Error {
    return this.#toHttpError(e);
  }

  async getHistory(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    limit?: number,
  ): Promise<ActionHistoryEntry[]> {
    const entity = await this.getEntity(target.entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    await this.authorize(rolloutReadPermission, ref, credentials);
    this.#checkNames(target);
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
   * Every attempt past the entity lookup is audited and stored.
   */
  async runAction(
    target: RolloutRequestTarget,
    actionName: string,
    request: ActionRequest,
    credentials: BackstageCredentials,
    options: { httpRequest?: any } = {},
  ): Promise<{ rollout: RolloutSummary }> {
    const def = getActionDefinition(actionName);
    def.validate?.(request);
    const entity = await this.getEntity(target.entityRef, credentials);
    const entityRef = stringifyEntityRef(entity);
    const actor = actorOf(credentials);
    const params = sanitizeParams(request);
    return runAuditedMutation(
      {
        auditor: this.#auditor,
        history: this.#history,
        logger: this.#logger,
        eventId: 'rollout-action',
        severityLevel: def.severity,
        httpRequest: options.httpRequest,
        actor,
        entityRef,
        target,
        action: def.name,
        params,
        toHttpError: e => this.#toHttpError(e),
      },
      async attempt => {
        await attempt.authorize(() =>
          this.authorize(def.permission, entityRef, credentials),
        );
        const { cluster, selector } = await this.#resolve(
          target,
          credentials,
          undefined,
          entity,
        );
        const outcome = await new ActionExecutor(cluster.client).run({
          def,
          request,
          namespace: target.namespace,
          name: target.name,
          describe: live =>
            describeRollout(cluster.name, {
              ...cluster.objectsOf(live),
              rollout: live,
            }),
          inspect: (live, round) => {
            if (!rolloutBelongsTo(selector, live)) {
              throw new NotFoundError(
                `rollout ${target.namespace}/${target.name} does not belong to ${entityRef}`,
              );
            }
            if (round === 1)
              attempt.before = {
                step: stepOf(live),
                revision: revisionStringOf(live),
              };
            checkExpected(live, request);
          },
        });
        const result = outcome.rollout;
        attempt.after = {
          step: stepOf(result),
          revision: revisionStringOf(result),
        };
        const summary = {
          ...summarizeRollout(cluster.name, {
            ...cluster.objectsOf(result),
            rollout: result,
          }),
          ...titleOf(cluster),
        };
        await attempt.record('succeeded');
        await attempt.audit.success({
          meta: {
            before: attempt.before,
            after: attempt.after,
            phase: summary.phase,
            ...(outcome.forced
              ? { forced: true, warning: outcome.warning ?? null }
              : {}),
          },
        });
        return { rollout: summary };
      },
    );
  }

  async #resolve(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    permission?: ResourcePermission<'catalog-entity'>,
    knownEntity?: Entity,
  ): Promise<{
    cluster: ClusterCache;
    rollout: KubeObject;
    selector: EntityRolloutSelector;
  }> {
    const entity =
      knownEntity ?? (await this.getEntity(target.entityRef, credentials));
    const entityRef = stringifyEntityRef(entity);
    if (permission) await this.authorize(permission, entityRef, credentials);
    this.#checkNames(target);
    const cluster = this.#cache.cluster(target.cluster);
    if (!cluster) throw new NotFoundError(`unknown cluster ${target.cluster}`);
    const selector = selectorForEntity(entity);
    const synced = await cluster.waitForSync(cluster.client.requestTimeoutMs);
    const cached = cluster.rollout(target.namespace, target.name);
    // A cluster that went away after a sync still serves its last known state.
    if (!synced && !cached) {
      const health = cluster.health();
      throw new ServiceUnavailableError(
        `cluster ${cluster.name} is not available: ${
          health.message ?? 'not synced'
        }`,
      );
    }
    const rollout = cached;
    if (!rollout || !rolloutBelongsTo(selector, rollout)) {
      throw new NotFoundError(
        `rollout ${target.cluster}/${target.namespace}/${target.name} not found for ${entityRef}`,
      );
    }
    return { cluster, rollout, selector };
  }

  #checkNames(target: RolloutRequestTarget) {
    if (
      !isValidObjectName(target.namespace) ||
      !isValidObjectName(target.name)
    ) {
      throw new InputError('invalid rollout namespace or name');
    }
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

  #toHttpError(e: unknown): Error {
    if (e instanceof KubeApiError) {
      if (e.statusCode === 409) {
        return new ConflictError(
          `the rollout moved on since the decision (resourceVersion changed): ${e.message}`,
        );
      }
      // A failed JSON patch `test` op (stale resourceVersion or image).
      if (/test operation|testing value/i.test(e.message)) {
        return new ConflictError(
          `the rollout moved on since the decision: ${e.message}`,
        );
      }
      if (e.statusCode === 404) return new NotFoundError(e.message);
      if (e.statusCode === 403) {
        return new NotAllowedError(
          `the cluster refused the request (check the service account's RBAC): ${e.message}`,
        );
      }
      if (e.statusCode === 400 || e.statusCode === 422)
        return new InputError(e.message);
      return new ServiceUnavailableError(`cluster ${e.cluster}: ${e.message}`);
    }
    return isError(e) ? e : new Error(String(e));
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

function titleOf(cluster: ClusterCache): { clusterTitle?: string } {
  return cluster.title ? { clusterTitle: cluster.title } : {};
}

/** Only the known, validated parameters are kept for audit and history. */
function sanitizeParams(
  request: ActionRequest,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (request.expected) out.expected = { ...request.expected };
  if (request.toRevision !== undefined) out.toRevision = request.toRevision;
  if (request.container !== undefined) out.container = request.container;
  if (request.image !== undefined) out.image = request.image;
  if (request.force === true) out.force = true;
  return Object.keys(out).length ? out : undefined;
}

/** `expected` against the live object: 409 when the rollout moved on. */
export function checkExpected(live: KubeObject, request: ActionRequest): void {
  const expected = request.expected;
  if (!expected) return;
  const problems: string[] = [];
  if (
    expected.resourceVersion !== undefined &&
    expected.resourceVersion !== live.metadata.resourceVersion
  ) {
    problems.push(
      `resourceVersion is ${live.metadata.resourceVersion}, expected ${expected.resourceVersion}`,
    );
  }
  if (expected.step !== undefined) {
    const step = stepOf(live);
    if (step !== expected.step)
      problems.push(`step is ${step ?? 'none'}, expected ${expected.step}`);
  }
  if (
    expected.revision !== undefined &&
    expected.revision !== revisionStringOf(live)
  ) {
    problems.push(
      `revision is ${revisionStringOf(live) || 'none'}, expected ${
        expected.revision
      }`,
    );
  }
  if (problems.length) {
    throw new ConflictError(`the rollout moved on: ${problems.join('; ')}`);
  }
}
