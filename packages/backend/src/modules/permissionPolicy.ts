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
import { rolloutMutationPermissions } from '@gradual/plugin-rollouts-common';

/**
 * Gradual's demo permission policy.
 *
 * - Everything that is not a rollout mutation is allowed (reads included).
 * - Rollout mutations (promote, abort, retry, rollback, restart, pause,
 *   set-image, strategy.update) are allowed to members of the configured
 *   admin groups, and otherwise only to the owners of the entity the rollout
 *   belongs to: a conditional `isEntityOwner` decision that the catalog
 *   evaluates against that entity.
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
    const isMutation = rolloutMutationPermissions.some(p =>
      isPermission(request.permission, p),
    );
    if (!isMutation) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.some(ref => this.adminGroups.has(ref))) {
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
