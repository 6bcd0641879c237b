import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ACTION_RULES, ROLLOUT_ACTIONS } from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { RolloutsService } from '../service/RolloutsService';
import { registerRolloutActions } from './registerRolloutActions';
import { toolNameOf } from './rolloutActionTools';

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
      auditor: mockServices.auditor.mock(),
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
  });

  it('rollout-history lists the recorded calls and is denied without read', async () => {
    const res = await invoke('rollout-history', { ...TARGET, limit: 3 });
    expect((res.output as any).items).toHaveLength(3);
    expect((res.output as any).items[0]).toMatchObject({
      actor: MALLORY,
      outcome: 'denied',
    });
    await expect(invoke('rollout-history', TARGET, MALLORY)).rejects.toThrow(
      /not allowed to rollouts.rollout.read/,
    );
  });
});
