import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ConfigReader } from '@backstage/config';
import {
  ACTION_RULES,
  ROLLOUT_ACTIONS,
  RolloutActionName,
} from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { RecordingAuditor } from '../__testUtils__/recorders';
import { ROLLOUT_READ_EVENT_ID } from '../service/auditedRead';
import { RolloutsService } from '../service/RolloutsService';
import { registerRolloutActions } from './registerRolloutActions';
import { toolNameOf } from './rolloutActionTools';
import { ServicePrincipalPermissions } from '../permissions/ServicePrincipalPermissions';
import { readServicePrincipalGrants } from '../permissions/servicePrincipalGrants';

jest.setTimeout(60_000);

const MALLORY = 'user:default/mallory';
const ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'group:default/team-a' },
};
const TARGET = {
  entityRef: 'component:default/shop',
  cluster: 'local',
  namespace: 'shop',
  name: 'web',
};
const EXTRA: Record<string, object> = {
  'set-image': { container: 'app', image: 'registry.local/web:2' },
  undo: { toRevision: 1 },
};

/**
 * The tools over a real RolloutsService with no cluster configured: an
 * allowed call passes the permission check and stops at "unknown cluster"
 * (404), a denied one stops at the permission check (403, recorded).
 */
describe('MCP rollout tools', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  let registry: ReturnType<typeof actionsRegistryServiceMock>;
  let history: ActionHistoryStore;
  const asked: string[] = [];
  const auditor = new RecordingAuditor();
  /** The read events since `from`: query type, actor and outcome. */
  const readsSince = (from: number) =>
    auditor.events
      .slice(from)
      .filter(e => e.eventId === ROLLOUT_READ_EVENT_ID)
      .map(e => {
        const meta = JSON.parse(e.meta);
        return `${meta.queryType} ${meta.actor} ${e.outcome}`;
      });

  beforeAll(async () => {
    history = await ActionHistoryStore.create({
      knex: await databases.init('SQLITE_3'),
    });
    const service = new RolloutsService({
      cache: new RolloutsCache([]),
      catalog: catalogServiceMock({ entities: [ENTITY] }),
      permissions: mockServices.permissions.mock({
        authorize: async (reqs, options) =>
          reqs.map(r => {
            asked.push(r.permission.name);
            return {
              result:
                (options.credentials.principal as any).userEntityRef === MALLORY
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            };
          }),
      }),
      auditor,
      history,
      logger: mockServices.logger.mock(),
    });
    registry = actionsRegistryServiceMock();
    registerRolloutActions(registry, service);
  });

  const invoke = (name: string, input: object, user?: string) =>
    registry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials: mockCredentials.user(user),
    });

  it('registers list, wait, history and one tool per action of the table', () => {
    expect([...registry.actions.keys()].sort()).toEqual(
      [
        'list-rollouts',
        'wait-rollout',
        'rollout-history',
        ...ROLLOUT_ACTIONS.map(toolNameOf),
      ]
        .map(n => `test:${n}`)
        .sort(),
    );
    for (const action of ROLLOUT_ACTIONS) {
      const tool = registry.actions.get(`test:${toolNameOf(action)}`)!;
      expect(tool.title).toBe(`${ACTION_RULES[action].label} an Argo Rollout`);
      expect(tool.attributes?.destructive).toBe(
        ACTION_RULES[action].destructive,
      );
      expect(tool.description).toContain(ACTION_RULES[action].permission.name);
    }
  });

  it.each(ROLLOUT_ACTIONS.map(a => [a]))(
    '%s: checks its permission; denied is refused and recorded',
    async action => {
      const name = toolNameOf(action);
      const input = { ...TARGET, expectedStep: 1, ...EXTRA[action] };
      asked.length = 0;
      await expect(invoke(name, input)).rejects.toThrow(
        /unknown cluster local/,
      );
      expect(asked).toEqual([ACTION_RULES[action].permission.name]);
      await expect(invoke(name, input, MALLORY)).rejects.toThrow(
        `not allowed to ${ACTION_RULES[action].permission.name}`,
      );
      const [last] = await history.list({ ...TARGET, limit: 1 });
      expect(last).toMatchObject({ action, outcome: 'denied', actor: MALLORY });
    },
  );

  it('a CI token granted promote may promote, not skip a step or promote fully', async () => {
    const grants = readServicePrincipalGrants(
      new ConfigReader({
        rollouts: {
          servicePrincipals: [
            {
              subject: 'ci-team-a',
              entities: { owners: ['group:default/team-a'] },
              actions: ['promote'],
            },
          ],
        },
      }),
    );
    const ciRegistry = actionsRegistryServiceMock();
    registerRolloutActions(
      ciRegistry,
      new RolloutsService({
        cache: new RolloutsCache([]),
        catalog: catalogServiceMock({ entities: [ENTITY] }),
        permissions: new ServicePrincipalPermissions({
          inner: mockServices.permissions(),
          grants,
          loadEntity: async () => ENTITY,
        }),
        auditor,
        history,
        logger: mockServices.logger.mock(),
      }),
    );
    // its own rollout: the history test below reads TARGET's
    const target = { ...TARGET, name: 'web-ci' };
    const ci = (action: RolloutActionName) =>
      ciRegistry.invoke({
        id: `test:${toolNameOf(action)}`,
        input: target as any,
        credentials: mockCredentials.service('ci-team-a'),
      });
    // allowed: stops at the unknown cluster
    await expect(ci('promote')).rejects.toThrow(/unknown cluster local/);
    for (const action of ['skip-step', 'promote-full', 'resume'] as const) {
      await expect(ci(action)).rejects.toThrow(
        `not allowed to rollouts.rollout.promote (${action}) on component:default/shop`,
      );
      const [last] = await history.list({ ...target, limit: 1 });
      expect(last).toMatchObject({
        action,
        outcome: 'denied',
        actor: 'service:ci-team-a',
      });
    }
  });

  it('set-image and undo validate their typed input', async () => {
    await expect(
      invoke(toolNameOf('set-image'), { ...TARGET, container: 'app' }),
    ).rejects.toThrow(/image/);
    await expect(
      invoke(toolNameOf('undo'), { ...TARGET, toRevision: -1 }),
    ).rejects.toThrow(/toRevision/);
  });

  it('wait-rollout checks read and refuses a timeout out of range', async () => {
    asked.length = 0;
    const from = auditor.events.length;
    await expect(
      invoke('wait-rollout', { ...TARGET, until: 'paused', timeoutSeconds: 5 }),
    ).rejects.toThrow(/unknown cluster local/);
    expect(asked).toEqual(['rollouts.rollout.read']);
    await expect(
      invoke('wait-rollout', { ...TARGET, timeoutSeconds: 5 }, MALLORY),
    ).rejects.toThrow(/not allowed to rollouts.rollout.read/);
    await expect(
      invoke('wait-rollout', { ...TARGET, timeoutSeconds: 7200 }),
    ).rejects.toThrow(/timeout must be from 1s to 3600s/);
    // both waits audited, refused ones too; the bad timeout never started one
    expect(readsSince(from)).toEqual([
      'status user:default/mock fail',
      `status ${MALLORY} fail`,
    ]);
  });

  it('rollout-history lists the recorded calls and is denied without read', async () => {
    const from = auditor.events.length;
    const res = await invoke('rollout-history', { ...TARGET, limit: 3 });
    expect((res.output as any).items).toHaveLength(3);
    expect((res.output as any).items[0]).toMatchObject({
      actor: MALLORY,
      outcome: 'denied',
    });
    await expect(invoke('rollout-history', TARGET, MALLORY)).rejects.toThrow(
      /not allowed to rollouts.rollout.read/,
    );
    expect(readsSince(from)).toEqual([
      'history user:default/mock success',
      `history ${MALLORY} fail`,
    ]);
  });

  it('list-rollouts is audited as a read', async () => {
    const from = auditor.events.length;
    const res = await invoke('list-rollouts', { entityRef: TARGET.entityRef });
    expect(res.output).toEqual({ items: [], clusters: [] });
    expect(readsSince(from)).toEqual(['list user:default/mock success']);
  });
});
