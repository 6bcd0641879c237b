import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { REVISION_ANNOTATION } from '@gradual/plugin-rollouts-common';
import { KubeApiError } from '../kube/KubeClient';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import type { KubeRequester } from '../service/ActionExecutor';
import { ActionHistoryStore } from './ActionHistoryStore';
import { PendingActionResolver } from './PendingActionResolver';

jest.setTimeout(60_000);

const RO_PATH = (name: string) =>
  `/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/${name}`;

/** Answers GETs of the rollouts given (404 for others), recording the paths. */
function requester(rollouts: Record<string, KubeObject>) {
  const paths: string[] = [];
  const client: KubeRequester = {
    async request<T>(_method: string, path: string) {
      paths.push(path);
      const name = Object.keys(rollouts).find(n => RO_PATH(n) === path);
      if (!name) throw new KubeApiError('c1', 'not found', 404);
      return rollouts[name] as T;
    },
  };
  return { client, paths };
}

const rollout = (name: string, rv: string, step: number): KubeObject => ({
  metadata: {
    name,
    namespace: 'shop',
    uid: `${name}-uid`,
    resourceVersion: rv,
    annotations: { [REVISION_ANNOTATION]: '3' },
  },
  spec: { strategy: { canary: { steps: [{ pause: {} }, { pause: {} }] } } },
  // Paused (again) at `step`.
  status: {
    currentStepIndex: step,
    pauseConditions: [{ reason: 'CanaryPauseStep' }],
  },
});

describe('PendingActionResolver', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });

  it('resolves overdue pending rows from the cluster and leaves recent ones to their replica', async () => {
    const store = await ActionHistoryStore.create({
      knex: await databases.init('SQLITE_3'),
    });
    const check = {
      resourceVersion: '10',
      calls: [
        {
          target: 'status' as const,
          contentType: 'application/merge-patch+json' as const,
          body: { status: { pauseConditions: null } },
        },
      ],
    };
    const row = (name: string, startedMsAgo: number) =>
      store.begin(
        {
          actor: 'user:default/alice',
          entityRef: 'component:default/shop',
          cluster: 'c1',
          namespace: 'shop',
          name,
          action: 'promote',
          before: { step: 0, revision: '3' },
          at: new Date(Date.now() - startedMsAgo),
        },
        check,
      );
    await row('landed', 120_000);
    await row('untouched', 120_000);
    await row('deleted', 120_000);
    await row('recent', 1_000);
    const kube = requester({
      landed: rollout('landed', '14', 1),
      untouched: rollout('untouched', '10', 0),
      recent: rollout('recent', '10', 0),
    });
    const resolver = new PendingActionResolver({
      history: store,
      client: name => (name === 'c1' ? kube.client : undefined),
      logger: mockServices.logger.mock(),
      graceMs: 60_000,
    });

    const outcomes = async (name: string) =>
      (await store.list({ cluster: 'c1', namespace: 'shop', name })).map(e => ({
        outcome: e.outcome,
        message: e.message,
        after: e.after,
      }));
    await resolver.resolveRollout({
      cluster: 'c1',
      namespace: 'shop',
      name: 'landed',
    });
    expect(kube.paths).toEqual([RO_PATH('landed')]);
    expect(await outcomes('landed')).toEqual([
      {
        outcome: 'landed',
        message: expect.stringMatching(/moved past step 0 \(now at step 1\)/),
        after: { step: 1, revision: '3' },
      },
    ]);
    expect((await outcomes('untouched'))[0].outcome).toBe('pending');

    expect(await resolver.resolveAll()).toBe(2);
    expect(await outcomes('untouched')).toEqual([
      expect.objectContaining({
        outcome: 'not-landed',
        message: expect.stringMatching(/unchanged since the decision/),
      }),
    ]);
    expect(await outcomes('deleted')).toEqual([
      expect.objectContaining({
        outcome: 'unknown',
        message: expect.stringMatching(/no longer exists/),
      }),
    ]);
    // Within the grace period the replica running it may still complete it.
    expect((await outcomes('recent'))[0].outcome).toBe('pending');
    expect(kube.paths).not.toContain(RO_PATH('recent'));
    expect(await resolver.resolveAll()).toBe(0);
  });

  it('leaves a row pending when the cluster cannot be read, and says when the cluster is gone', async () => {
    const store = await ActionHistoryStore.create({
      knex: await databases.init('SQLITE_3'),
    });
    const begin = (cluster: string) =>
      store.begin(
        {
          actor: 'user:default/alice',
          entityRef: 'component:default/shop',
          cluster,
          namespace: 'shop',
          name: 'web',
          action: 'abort',
          at: new Date(Date.now() - 120_000),
        },
        { resourceVersion: '1', calls: [] },
      );
    await begin('down');
    await begin('removed');
    const logger = mockServices.logger.mock();
    const resolver = new PendingActionResolver({
      history: store,
      client: name =>
        name === 'down'
          ? {
              request: async () => {
                throw new Error('connect ECONNREFUSED');
              },
            }
          : undefined,
      logger,
    });
    expect(await resolver.resolveAll()).toBe(1);
    const outcome = async (cluster: string) =>
      (await store.list({ cluster, namespace: 'shop', name: 'web' }))[0];
    expect((await outcome('down')).outcome).toBe('pending');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/cannot resolve pending action .*ECONNREFUSED/),
    );
    expect(await outcome('removed')).toMatchObject({
      outcome: 'unknown',
      message: expect.stringMatching(/cluster removed is no longer configured/),
    });
  });
});
