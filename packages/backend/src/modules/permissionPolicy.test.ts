import type { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  type ConditionalPolicyDecision,
  type PermissionCriteria,
  type PermissionCondition,
} from '@backstage/plugin-permission-common';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  rolloutAbortPermission,
  rolloutPromotePermission,
  rolloutReadPermission,
  rolloutRollbackPermission,
  rolloutUnmatchedReadPermission,
} from '@gradual/plugin-rollouts-common';
import { RolloutsPermissionPolicy } from './permissionPolicy';

const userService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'user-service', namespace: 'default' },
  spec: { owner: 'user:development/guest' },
  relations: [{ type: 'ownedBy', targetRef: 'user:development/guest' }],
};
const paymentsService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-service', namespace: 'default' },
  spec: { owner: 'group:default/payments-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

const user = (ownershipEntityRefs: string[]) => ({
  identity: {
    type: 'user' as const,
    userEntityRef: ownershipEntityRefs[0],
    ownershipEntityRefs,
  },
  token: 'token',
  credentials: {} as any,
  info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
});

const guest = user([
  'user:development/guest',
  'group:default/development-team',
]);
const admin = user([
  'user:default/platform-admin',
  'group:default/platform-team',
]);

/** Evaluates a conditional decision with the catalog's real permission rules. */
function evaluate(
  criteria: PermissionCriteria<PermissionCondition>,
  entity: Entity,
): boolean {
  if ('allOf' in criteria)
    return criteria.allOf.every(c => evaluate(c, entity));
  if ('anyOf' in criteria) return criteria.anyOf.some(c => evaluate(c, entity));
  if ('not' in criteria) return !evaluate(criteria.not, entity);
  const rule = Object.values(permissionRules).find(
    r => r.name === criteria.rule,
  );
  if (!rule) throw new Error(`unknown rule ${criteria.rule}`);
  return rule.apply(entity, criteria.params as any);
}

async function decide(
  policy: RolloutsPermissionPolicy,
  permission: typeof rolloutPromotePermission,
  who: ReturnType<typeof user>,
  entity: Entity,
): Promise<boolean> {
  const decision = await policy.handle({ permission }, who as any);
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    const conditional = decision as ConditionalPolicyDecision;
    expect(conditional.resourceType).toBe('catalog-entity');
    return evaluate(conditional.conditions, entity);
  }
  return decision.result === AuthorizeResult.ALLOW;
}

describe('RolloutsPermissionPolicy', () => {
  const policy = new RolloutsPermissionPolicy(['group:default/platform-team']);

  it('allows the owner of an entity to drive its rollouts', async () => {
    for (const permission of [
      rolloutPromotePermission,
      rolloutAbortPermission,
      rolloutRollbackPermission,
    ]) {
      await expect(
        decide(policy, permission, guest, userService),
      ).resolves.toBe(true);
    }
  });

  it('denies rollout mutations to a user who does not own the entity', async () => {
    for (const permission of [
      rolloutPromotePermission,
      rolloutAbortPermission,
      rolloutRollbackPermission,
    ]) {
      await expect(
        decide(policy, permission, guest, paymentsService),
      ).resolves.toBe(false);
    }
  });

  it('allows members of an admin group on any entity', async () => {
    const decision = await policy.handle(
      { permission: rolloutAbortPermission },
      admin as any,
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
    await expect(
      decide(policy, rolloutAbortPermission, admin, paymentsService),
    ).resolves.toBe(true);
  });

  it('allows reads to everyone', async () => {
    for (const permission of [
      rolloutReadPermission,
      catalogEntityReadPermission,
    ]) {
      const decision = await policy.handle({ permission } as any, guest as any);
      expect(decision.result).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('shows rollouts that no entity claims to admins only', async () => {
    const forAdmin = await policy.handle(
      { permission: rolloutUnmatchedReadPermission },
      admin as any,
    );
    expect(forAdmin.result).toBe(AuthorizeResult.ALLOW);
    const forGuest = await policy.handle(
      { permission: rolloutUnmatchedReadPermission },
      guest as any,
    );
    expect(forGuest.result).toBe(AuthorizeResult.DENY);
  });

  it('reads admin groups from config, accepting short group refs', async () => {
    const fromConfig = new RolloutsPermissionPolicy(['platform-team']);
    await expect(
      decide(fromConfig, rolloutPromotePermission, admin, paymentsService),
    ).resolves.toBe(true);
    const none = new RolloutsPermissionPolicy([]);
    await expect(
      decide(none, rolloutPromotePermission, admin, paymentsService),
    ).resolves.toBe(false);
  });
});
