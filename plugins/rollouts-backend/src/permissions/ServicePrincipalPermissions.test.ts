import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  analysisDryRunPermission,
  rolloutAbortPermission,
  rolloutGitOpsPullRequestPermission,
  rolloutPromotePermission,
  rolloutReadPermission,
  rolloutRestartPermission,
  rolloutRollbackPermission,
} from '@gradual/plugin-rollouts-common';
import { createPermission } from '@backstage/plugin-permission-common';
import {
  RolloutPermissionRequest,
  ServicePrincipalPermissions,
} from './ServicePrincipalPermissions';
import {
  GrantedAction,
  readServicePrincipalGrants,
} from './servicePrincipalGrants';

const entity = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});
const ENTITIES: Record<string, Entity> = {
  'component:default/shop': entity('shop', 'group:default/team-a'),
  'component:default/payments': entity('payments', 'group:default/team-b'),
  'component:default/legacy': {
    ...entity('legacy', 'team-c'),
    relations: [],
  },
};

const config = new ConfigReader({
  rollouts: {
    servicePrincipals: [
      {
        subject: 'ci-team-a',
        entities: { owners: ['team-a'] },
        actions: ['promote', 'abort', 'undo'],
      },
      {
        subject: 'ci-legacy',
        entities: { refs: ['legacy'] },
        actions: ['*', 'analysis-dry-run'],
      },
      {
        subject: 'ci-gitops',
        entities: { refs: ['payments'] },
        actions: ['gitops-pull-request'],
      },
    ],
  },
});

/** What the wrapped service (the framework, the policy) was asked. */
const innerRequests: object[] = [];

function permissionsWith(
  innerResult:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const inner = mockServices.permissions.mock({
    authorize: async reqs => {
      innerRequests.push(...reqs);
      return reqs.map(() => ({ result: innerResult }));
    },
    authorizeConditional: async reqs =>
      reqs.map(() => ({ result: innerResult })) as any,
  });
  return new ServicePrincipalPermissions({
    inner,
    grants: readServicePrincipalGrants(config),
    loadEntity: async ref => ENTITIES[ref],
  });
}

async function decide(
  subject: string,
  permission: typeof rolloutPromotePermission,
  resourceRef: string,
  permissions = permissionsWith(),
  rolloutAction?: GrantedAction,
) {
  const request: RolloutPermissionRequest = {
    permission,
    resourceRef,
    ...(rolloutAction ? { rolloutAction } : {}),
  };
  const [d] = await permissions.authorize([request], {
    credentials: mockCredentials.service(subject),
  });
  return d.result;
}

/** The decision for one named action (its own permission). */
const decideAction = (
  subject: string,
  action: GrantedAction,
  permission: typeof rolloutPromotePermission,
  resourceRef = 'component:default/shop',
) => decide(subject, permission, resourceRef, permissionsWith(), action);

describe('ServicePrincipalPermissions', () => {
  it('allows a subject the granted actions on its owner group entities', async () => {
    expect(
      await decide(
        'ci-team-a',
        rolloutReadPermission,
        'component:default/shop',
      ),
    ).toBe(AuthorizeResult.ALLOW);
    for (const [action, permission] of [
      ['promote', rolloutPromotePermission],
      ['abort', rolloutAbortPermission],
      ['undo', rolloutRollbackPermission],
    ] as const) {
      expect(await decideAction('ci-team-a', action, permission)).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('grants per action: promote brings neither skip-step, promote-full nor resume', async () => {
    for (const action of ['skip-step', 'promote-full', 'resume'] as const) {
      expect(
        await decideAction('ci-team-a', action, rolloutPromotePermission),
      ).toBe(AuthorizeResult.DENY);
      // "*" lists every action
      expect(
        await decideAction(
          'ci-legacy',
          action,
          rolloutPromotePermission,
          'component:default/legacy',
        ),
      ).toBe(AuthorizeResult.ALLOW);
    }
    // an action checked with another action's permission is no grant
    expect(
      await decideAction('ci-team-a', 'abort', rolloutPromotePermission),
    ).toBe(AuthorizeResult.DENY);
    // asked without the action, every action sharing the permission must be granted
    expect(
      await decide(
        'ci-team-a',
        rolloutPromotePermission,
        'component:default/shop',
      ),
    ).toBe(AuthorizeResult.DENY);
    expect(
      await decide(
        'ci-team-a',
        rolloutAbortPermission,
        'component:default/shop',
      ),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await decide(
        'ci-legacy',
        rolloutPromotePermission,
        'component:default/legacy',
      ),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('grants opening a GitOps pull request by its own action name', async () => {
    const pr = rolloutGitOpsPullRequestPermission as any;
    const payments = 'component:default/payments';
    expect(
      await decideAction('ci-gitops', 'gitops-pull-request', pr, payments),
    ).toBe(AuthorizeResult.ALLOW);
    // the pull request grant brings no rollout action, and no other entity
    expect(await decideAction('ci-gitops', 'set-image', pr, payments)).toBe(
      AuthorizeResult.DENY,
    );
    expect(
      await decideAction(
        'ci-gitops',
        'gitops-pull-request',
        pr,
        'component:default/shop',
      ),
    ).toBe(AuthorizeResult.DENY);
    // team A's CI was not granted it; "*" includes it
    expect(await decideAction('ci-team-a', 'gitops-pull-request', pr)).toBe(
      AuthorizeResult.DENY,
    );
    expect(
      await decideAction(
        'ci-legacy',
        'gitops-pull-request',
        pr,
        'component:default/legacy',
      ),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('never passes the action on to the wrapped service', async () => {
    innerRequests.length = 0;
    await decideAction('ci-team-a', 'skip-step', rolloutPromotePermission);
    expect(innerRequests).toEqual([
      {
        permission: rolloutPromotePermission,
        resourceRef: 'component:default/shop',
      },
    ]);
  });

  it('denies other actions and other teams entities', async () => {
    expect(
      await decideAction('ci-team-a', 'restart', rolloutRestartPermission),
    ).toBe(AuthorizeResult.DENY);
    expect(
      await decideAction(
        'ci-team-a',
        'promote',
        rolloutPromotePermission,
        'component:default/payments',
      ),
    ).toBe(AuthorizeResult.DENY);
    expect(
      await decide(
        'ci-team-a',
        rolloutReadPermission,
        'component:default/payments',
      ),
    ).toBe(AuthorizeResult.DENY);
    expect(
      await decide(
        'ci-team-a',
        rolloutReadPermission,
        'component:default/unknown',
      ),
    ).toBe(AuthorizeResult.DENY);
  });

  it('denies a subject without a grant (deny by default)', async () => {
    expect(
      await decide(
        'argo-rollouts-canary-judge',
        rolloutReadPermission,
        'component:default/shop',
      ),
    ).toBe(AuthorizeResult.DENY);
  });

  it('matches entity refs, "*" and the dry-run grant', async () => {
    expect(
      await decide(
        'ci-legacy',
        rolloutRestartPermission,
        'component:default/legacy',
      ),
    ).toBe(AuthorizeResult.ALLOW);
    const permissions = permissionsWith();
    const [dry] = await permissions.authorize(
      [{ permission: analysisDryRunPermission }],
      { credentials: mockCredentials.service('ci-legacy') },
    );
    expect(dry.result).toBe(AuthorizeResult.ALLOW);
    const [denied] = await permissions.authorize(
      [{ permission: analysisDryRunPermission }],
      { credentials: mockCredentials.service('ci-team-a') },
    );
    expect(denied.result).toBe(AuthorizeResult.DENY);
  });

  it('keeps a deny of the access restrictions', async () => {
    expect(
      await decide(
        'ci-team-a',
        rolloutPromotePermission,
        'component:default/shop',
        permissionsWith(AuthorizeResult.DENY),
        'promote',
      ),
    ).toBe(AuthorizeResult.DENY);
  });

  it('leaves users, Backstage plugins and other permissions to the framework', async () => {
    const permissions = permissionsWith();
    const req = [
      {
        permission: rolloutPromotePermission,
        resourceRef: 'component:default/payments',
      },
    ];
    for (const credentials of [
      mockCredentials.user('user:default/someone'),
      mockCredentials.service('plugin:scaffolder'),
    ]) {
      const [d] = await permissions.authorize(req, { credentials });
      expect(d.result).toBe(AuthorizeResult.ALLOW);
    }
    const other = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    const [d] = await permissions.authorize([{ permission: other }], {
      credentials: mockCredentials.service('nobody'),
    });
    expect(d.result).toBe(AuthorizeResult.ALLOW);
  });

  it('fails the start on unknown actions and entity-less grants', () => {
    const read = (entry: object) =>
      readServicePrincipalGrants(
        new ConfigReader({ rollouts: { servicePrincipals: [entry] } }),
      );
    expect(() =>
      read({ subject: 'x', entities: { refs: ['a'] }, actions: ['deploy'] }),
    ).toThrow(/unknown action "deploy"/);
    expect(() =>
      read({ subject: 'x', entities: {}, actions: ['abort'] }),
    ).toThrow(/entities.owners or entities.refs is required/);
  });
});
