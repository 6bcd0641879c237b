import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ClusterCache } from '../cache/ClusterCache';
import { RolloutPermissionRequest } from '../permissions/ServicePrincipalPermissions';
import { GrantedAction } from '../permissions/servicePrincipalGrants';
import { RolloutsCache } from '../cache/RolloutsCache';
import {
  EntityRolloutSelector,
  rolloutBelongsTo,
  selectorForEntity,
} from '../entities/entityRollouts';
import { isValidObjectName } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';

export interface RolloutRequestTarget {
  entityRef: string;
  cluster: string;
  namespace: string;
  name: string;
}

/** An entity's rollout, found in the watch cache. */
export interface LocatedRollout {
  cluster: ClusterCache;
  rollout: KubeObject;
  selector: EntityRolloutSelector;
}

/** Who made a request, as the audit and history name them. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as any;
  if (p?.type === 'user') return p.userEntityRef;
  if (p?.type === 'service') return `service:${p.subject}`;
  return 'anonymous';
}

/**
 * Finds what a request names: the entity (as the caller may see it), the
 * permission on it, the cluster and the entity's rollout in the watch cache.
 */
export class RolloutLocator {
  readonly #cache: RolloutsCache;
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;

  constructor(options: {
    cache: RolloutsCache;
    catalog: CatalogService;
    permissions: PermissionsService;
  }) {
    this.#cache = options.cache;
    this.#catalog = options.catalog;
    this.#permissions = options.permissions;
  }

  /** The entity as the caller may see it; 400 bad ref, 404 unknown or invisible. */
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

  /**
   * 403 unless the caller holds `permission` on the entity; for a rollout
   * action, name it: a service principal's grant lists actions, not
   * permissions (see {@link RolloutPermissionRequest}).
   */
  async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
    action?: GrantedAction,
  ): Promise<void> {
    const request: RolloutPermissionRequest = {
      permission,
      resourceRef: entityRef,
      ...(action ? { rolloutAction: action } : {}),
    };
    const [decision] = await this.#permissions.authorize([request], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed to ${permission.name}${
          action ? ` (${action})` : ''
        } on ${entityRef}`,
      );
    }
  }

  /** 400 unless the namespace and name are valid object names. */
  checkNames(target: { namespace: string; name: string }): void {
    if (
      !isValidObjectName(target.namespace) ||
      !isValidObjectName(target.name)
    ) {
      throw new InputError('invalid rollout namespace or name');
    }
  }

  /**
   * The entity's rollout from the cache, with the cluster and the entity's
   * selector: 400 bad names, 404 unknown cluster or not the entity's, 503
   * cluster never synced. Checks `permission` when given.
   */
  async locate(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    permission?: ResourcePermission<'catalog-entity'>,
    knownEntity?: Entity,
  ): Promise<LocatedRollout> {
    const entity =
      knownEntity ?? (await this.getEntity(target.entityRef, credentials));
    const entityRef = stringifyEntityRef(entity);
    if (permission) await this.authorize(permission, entityRef, credentials);
    this.checkNames(target);
    const cluster = this.#cache.cluster(target.cluster);
    if (!cluster) throw new NotFoundError(`unknown cluster ${target.cluster}`);
    const selector = selectorForEntity(entity);
    const synced = await cluster.waitForSync(cluster.client.requestTimeoutMs);
    const rollout = cluster.rollout(target.namespace, target.name);
    // A cluster that went away after a sync still serves its last known state.
    if (!synced && !rollout) {
      const health = cluster.health();
      throw new ServiceUnavailableError(
        `cluster ${cluster.name} is not available: ${
          health.message ?? 'not synced'
        }`,
      );
    }
    if (!rollout || !rolloutBelongsTo(selector, rollout)) {
      throw new NotFoundError(
        `rollout ${target.cluster}/${target.namespace}/${target.name} not found for ${entityRef}`,
      );
    }
    return { cluster, rollout, selector };
  }
}
