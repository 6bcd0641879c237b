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
  rolloutGitOpsPullRequestPermission,
  rolloutReadPermission,
  rolloutStrategyUpdatePermission,
} from '@gradual/plugin-rollouts-common';

/** What a grant may list: the rollout actions and the entity-scoped extras. */
export const EXTRA_GRANT_ACTIONS = [
  'read',
  'strategy-update',
  'gitops-pull-request',
  'analysis-dry-run',
] as const;

/** The entity-scoped actions a grant names one by one (read is always included). */
export type GrantedAction =
  | RolloutActionName
  | 'strategy-update'
  | 'gitops-pull-request';

/**
 * What a service principal (a caller with an external-access token, e.g. a
 * CI job running the `gradual` CLI) may do, from `rollouts.servicePrincipals`.
 * Deny by default: a subject without a grant may do nothing with rollouts.
 * Grants are per action name, not per permission: `promote` does not bring
 * `skip-step`, `promote-full` or `resume` although they share
 * `rollouts.rollout.promote`.
 */
export interface ServicePrincipalGrant {
  /** `subject` of the `backend.auth.externalAccess` entry. */
  subject: string;
  /** Entities owned by one of these (normalized refs, default kind group). */
  owners: string[];
  /** Or these entities (normalized refs, default kind component). */
  entityRefs: string[];
  /** The actions granted on those entities; reading them is always included. */
  actions: Set<GrantedAction>;
  /** May dry-run analysis templates (not entity-scoped). */
  analysisDryRun: boolean;
}

type GrantAction =
  | RolloutActionName
  | (typeof EXTRA_GRANT_ACTIONS)[number]
  | '*';

const ALL_ACTIONS: GrantedAction[] = [
  ...ROLLOUT_ACTIONS,
  'strategy-update',
  'gitops-pull-request',
];

function actionsOf(action: GrantAction): GrantedAction[] {
  if (action === '*') return ALL_ACTIONS;
  if (action === 'read' || action === 'analysis-dry-run') return [];
  return [action];
}

/** The permission an entity-scoped action is checked with. */
export function permissionOfAction(action: GrantedAction): string {
  if (action === 'strategy-update') return rolloutStrategyUpdatePermission.name;
  if (action === 'gitops-pull-request')
    return rolloutGitOpsPullRequestPermission.name;
  return ACTION_RULES[action].permission.name;
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
      actions: new Set(actions.flatMap(a => actionsOf(a as GrantAction))),
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

/**
 * Whether a grant allows `permission` (for `action` when the caller names
 * it): read always; an action only when the grant lists that very action
 * and the action is checked with that permission. Asked about a permission
 * without the action, the grant must list every action sharing it, so a
 * decision never allows more than the grant says.
 */
function grantAllows(
  grant: ServicePrincipalGrant,
  permission: string,
  action: GrantedAction | undefined,
): boolean {
  if (permission === rolloutReadPermission.name) return true;
  if (action !== undefined) {
    return (
      permissionOfAction(action) === permission && grant.actions.has(action)
    );
  }
  const sharing = ALL_ACTIONS.filter(a => permissionOfAction(a) === permission);
  return sharing.length > 0 && sharing.every(a => grant.actions.has(a));
}

/** Whether one of the subject's grants allows `permission` (and `action`) on `entity`. */
export function isGrantedOnEntity(
  grants: ServicePrincipalGrant[],
  subject: string,
  request: { permission: string; action?: GrantedAction },
  entity: Entity | undefined,
): boolean {
  if (!entity) return false;
  return grants.some(
    g =>
      g.subject === subject &&
      grantCoversEntity(g, entity) &&
      grantAllows(g, request.permission, request.action),
  );
}

export function isDryRunGranted(
  grants: ServicePrincipalGrant[],
  subject: string,
): boolean {
  return grants.some(g => g.subject === subject && g.analysisDryRun);
}
