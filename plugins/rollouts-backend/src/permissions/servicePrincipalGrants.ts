import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  ROLLOUT_ACTIONS,
  RolloutActionName,
  ACTION_RULES,
  rolloutReadPermission,
  rolloutStrategyUpdatePermission,
} from '@gradual/plugin-rollouts-common';

/**
 * What a service principal (a caller with an external-access token, e.g. a
 * CI job running the `gradual` CLI) may do, from `rollouts.servicePrincipals`.
 * Deny by default: a subject without a grant may do nothing with rollouts.
 */
export interface ServicePrincipalGrant {
  /** `subject` of the `backend.auth.externalAccess` entry. */
  subject: string;
  /** Entities owned by one of these (normalized refs, default kind group). */
  owners: string[];
  /** Or these entities (normalized refs, default kind component). */
  entityRefs: string[];
  /** Permission names granted on those entities; read is always included. */
  permissions: Set<string>;
  /** May dry-run analysis templates (not entity-scoped). */
  analysisDryRun: boolean;
}

/** What `actions` may list besides the rollout actions. */
export const EXTRA_GRANT_ACTIONS = [
  'read',
  'strategy-update',
  'analysis-dry-run',
] as const;
type GrantAction =
  | RolloutActionName
  | (typeof EXTRA_GRANT_ACTIONS)[number]
  | '*';

function permissionOf(action: GrantAction): string[] {
  if (action === '*')
    return [
      ...ROLLOUT_ACTIONS.map(a => ACTION_RULES[a].permission.name),
      rolloutStrategyUpdatePermission.name,
    ];
  if (action === 'read') return [];
  if (action === 'strategy-update')
    return [rolloutStrategyUpdatePermission.name];
  if (action === 'analysis-dry-run') return [];
  return [ACTION_RULES[action].permission.name];
}

const normalize = (ref: string, defaultKind: string, where: string) => {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch (e) {
    throw new Error(`${where}: invalid entity ref ${JSON.stringify(ref)}`);
  }
};

/**
 * Reads `rollouts.servicePrincipals`; throws on unknown actions or bad refs
 * so a typo fails the start instead of silently granting less (or more).
 */
export function readServicePrincipalGrants(
  config: Config,
): ServicePrincipalGrant[] {
  const entries =
    config.getOptionalConfigArray('rollouts.servicePrincipals') ?? [];
  const known = new Set<string>([
    ...ROLLOUT_ACTIONS,
    ...EXTRA_GRANT_ACTIONS,
    '*',
  ]);
  return entries.map((entry, i) => {
    const where = `rollouts.servicePrincipals[${i}]`;
    const subject = entry.getString('subject');
    const entities = entry.getOptionalConfig('entities');
    const owners = (entities?.getOptionalStringArray('owners') ?? []).map(r =>
      normalize(r, 'group', `${where}.entities.owners`),
    );
    const entityRefs = (entities?.getOptionalStringArray('refs') ?? []).map(r =>
      normalize(r, 'component', `${where}.entities.refs`),
    );
    if (!owners.length && !entityRefs.length) {
      throw new Error(`${where}: entities.owners or entities.refs is required`);
    }
    const actions = entry.getStringArray('actions');
    for (const a of actions) {
      if (!known.has(a)) {
        throw new Error(
          `${where}.actions: unknown action ${JSON.stringify(a)}; known: ${[
            ...known,
          ].join(', ')}`,
        );
      }
    }
    return {
      subject,
      owners,
      entityRefs,
      permissions: new Set(
        actions.flatMap(a => permissionOf(a as GrantAction)),
      ),
      analysisDryRun: actions.includes('analysis-dry-run'),
    };
  });
}

/** The entity's owners: `ownedBy` relations and `spec.owner`, normalized. */
function ownersOf(entity: Entity): Set<string> {
  const owners = new Set<string>();
  for (const r of entity.relations ?? []) {
    if (r.type === 'ownedBy') owners.add(r.targetRef);
  }
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner === 'string') {
    try {
      owners.add(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      // an invalid owner grants nothing
    }
  }
  return owners;
}

export function grantCoversEntity(
  grant: ServicePrincipalGrant,
  entity: Entity,
): boolean {
  if (grant.entityRefs.includes(stringifyEntityRef(entity))) return true;
  const owners = ownersOf(entity);
  return grant.owners.some(o => owners.has(o));
}

/** Whether one of the subject's grants allows `permission` on `entity`. */
export function isGrantedOnEntity(
  grants: ServicePrincipalGrant[],
  subject: string,
  permission: string,
  entity: Entity | undefined,
): boolean {
  if (!entity) return false;
  return grants.some(
    g =>
      g.subject === subject &&
      grantCoversEntity(g, entity) &&
      (permission === rolloutReadPermission.name ||
        g.permissions.has(permission)),
  );
}

export function isDryRunGranted(
  grants: ServicePrincipalGrant[],
  subject: string,
): boolean {
  return grants.some(g => g.subject === subject && g.analysisDryRun);
}
