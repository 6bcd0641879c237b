import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  rolloutMutationPermissions,
  rolloutUnmatchedReadPermission,
} from '@gradual/plugin-rollouts-common';

/**
 * Gradual's demo permission policy.
 *
 * - Everything that is not a rollout mutation is allowed (reads included),
 *   except seeing the rollouts no entity claims (Deliveries page), which is
 *   for members of the admin groups only.
 * - Rollout mutations (promote, abort, retry, rollback, restart, pause,
 *   set-image, strategy.update) are allowed to members of the configured
 *   admin groups, and otherwise only to the owners of the entity the rollout
 *   belongs to: a conditional `isEntityOwner` decision that the catalog
 *   evaluates against that entity.
 *
 * Service principals (external-access tokens, e.g. CI running the `gradual`
 * CLI) never reach a permission policy: Backstage decides them from the
 * token's access restrictions. The rollouts backend therefore applies
 * `rollouts.servicePrincipals` (which subject may run which actions on which
 * owners' entities; deny by default) itself.
 */
export class RolloutsPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: Set<string>;

  constructor(adminGroups: string[]) {
    this.adminGroups = new Set(
      adminGroups.map(ref =>
        stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group' })),
      ),
    );
  }

  static fromConfig(config: Config): RolloutsPermissionPolicy {
    return new RolloutsPermissionPolicy(
      config.getOptionalStringArray('permission.rollouts.adminGroups') ?? [],
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    const isAdmin = claims.some(ref => this.adminGroups.has(ref));
    if (isPermission(request.permission, rolloutUnmatchedReadPermission)) {
      return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    const isMutation = rolloutMutationPermissions.some(p =>
      isPermission(request.permission, p),
    );
    if (!isMutation || isAdmin) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createCatalogConditionalDecision(
      request.permission as Parameters<
        typeof createCatalogConditionalDecision
      >[0],
      catalogConditions.isEntityOwner({ claims }),
    );
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'rollouts-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(RolloutsPermissionPolicy.fromConfig(config));
      },
    });
  },
});
