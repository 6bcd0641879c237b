import { TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { ActionHistoryStore } from './ActionHistoryStore';

const ids = testDatabaseIds('ActionHistoryStore');

jest.setTimeout(60_000);

describe('ActionHistoryStore', () => {
  const databases = TestDatabases.create({ ids, disableDocker: true });

  it.each(ids)(
    'stores and lists entries newest first, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await ActionHistoryStore.create({ knex });
      const base = {
        actor: 'user:default/alice',
        entityRef: 'component:default/shop',
        cluster: 'c1',
        namespace: 'shop',
        name: 'web',
      };
      await store.add({
        ...base,
        action: 'promote',
        outcome: 'succeeded',
        params: { expected: { step: 1 } },
        before: { step: 1, revision: '3' },
        after: { step: 2, revision: '3' },
        at: new Date('2026-11-21T10:00:00Z'),
      });
      await store.add({
        ...base,
        action: 'promote',
        outcome: 'conflict',
        message: 'the rollout moved on',
        at: new Date('2026-11-21T10:00:01Z'),
      });
      await store.add({
        ...base,
        name: 'other',
        action: 'abort',
        outcome: 'denied',
      });

      const items = await store.list({
        cluster: 'c1',
        namespace: 'shop',
        name: 'web',
      });
      expect(items).toHaveLength(2);
      expect(items[0]).toMatchObject({
        action: 'promote',
        outcome: 'conflict',
        message: 'the rollout moved on',
        at: '2026-11-21T10:00:01.000Z',
      });
      expect(items[0].before).toBeUndefined();
      expect(items[1]).toMatchObject({
        ...base,
        outcome: 'succeeded',
        params: { expected: { step: 1 } },
        before: { step: 1, revision: '3' },
        after: { step: 2, revision: '3' },
        at: '2026-11-21T10:00:00.000Z',
      });
      expect(typeof items[1].id).toBe('string');

      expect(
        await store.list({
          cluster: 'c1',
          namespace: 'shop',
          name: 'web',
          limit: 1,
        }),
      ).toHaveLength(1);
      expect(
        await store.list({
          cluster: 'c1',
          namespace: 'shop',
          name: 'web',
          entityRef: 'component:default/x',
        }),
      ).toHaveLength(0);
    },
  );

  it.each(ids)(
    'writes a pending row before the patch, completes it, and resolves only rows still pending, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await ActionHistoryStore.create({ knex });
      const rollout = { cluster: 'c1', namespace: 'shop', name: 'web' };
      const base = {
        ...rollout,
        actor: 'user:default/alice',
        entityRef: 'component:default/shop',
        action: 'promote' as const,
        before: { step: 1, revision: '3' },
      };
      const check = {
        resourceVersion: '41',
        calls: [
          {
            target: 'status' as const,
            contentType: 'application/merge-patch+json' as const,
            body: { status: { pauseConditions: null } },
          },
        ],
      };
      const t0 = new Date('2026-12-02T10:00:00Z');
      const completed = await store.begin({ ...base, at: t0 }, check);
      const resolvedThenCompleted = await store.begin(
        { ...base, at: new Date('2026-12-02T10:00:01Z') },
        check,
      );
      const stillRunning = await store.begin(
        { ...base, at: new Date('2026-12-02T10:05:00Z') },
        check,
      );
      await store.begin(
        { ...base, name: 'other', at: new Date('2026-12-02T10:00:02Z') },
        check,
      );

      expect((await store.list(rollout)).map(e => e.outcome)).toEqual([
        'pending',
        'pending',
        'pending',
      ]);
      await store.updateLandingCheck(completed, {
        ...check,
        resourceVersion: '42',
      });
      await store.complete(completed, {
        outcome: 'succeeded',
        before: { step: 1, revision: '3' },
        after: { step: 2, revision: '3' },
      });

      // Overdue = started before the cutoff, still pending, of this rollout.
      // A request target carries more than the rollout's key.
      const target = { ...rollout, entityRef: 'component:default/shop' };
      const overdue = await store.listPending({
        startedBefore: new Date('2026-12-02T10:01:00Z'),
        rollout: target,
      });
      expect(overdue).toEqual([
        {
          entry: expect.objectContaining({
            id: resolvedThenCompleted,
            outcome: 'pending',
            before: { step: 1, revision: '3' },
          }),
          check,
        },
      ]);
      expect(
        await store.listPending({
          startedBefore: new Date('2026-12-02T10:01:00Z'),
        }),
      ).toHaveLength(2);

      expect(
        await store.resolvePending(resolvedThenCompleted, {
          outcome: 'landed',
          message: 'it landed',
          after: { step: 3, revision: '3' },
        }),
      ).toBe(true);
      // A completed row is not resolved again.
      expect(
        await store.resolvePending(completed, {
          outcome: 'unknown',
          message: 'x',
        }),
      ).toBe(false);

      const byId = async () =>
        Object.fromEntries((await store.list(rollout)).map(e => [e.id, e]));
      let items = await byId();
      expect(items[completed]).toMatchObject({
        outcome: 'succeeded',
        before: { step: 1, revision: '3' },
        after: { step: 2, revision: '3' },
      });
      expect(items[completed].message).toBeUndefined();
      expect(items[resolvedThenCompleted]).toMatchObject({
        outcome: 'landed',
        message: 'it landed',
        before: { step: 1, revision: '3' },
        after: { step: 3, revision: '3' },
      });
      expect(items[stillRunning].outcome).toBe('pending');

      // The replica that ran the action completes its row whatever a reader resolved.
      await store.complete(resolvedThenCompleted, {
        outcome: 'conflict',
        message: 'the rollout moved on',
        before: { step: 1, revision: '3' },
      });
      items = await byId();
      expect(items[resolvedThenCompleted]).toMatchObject({
        outcome: 'conflict',
        message: 'the rollout moved on',
      });
      expect(
        await store.listPending({
          startedBefore: new Date('2026-12-02T11:00:00Z'),
          rollout,
        }),
      ).toEqual([
        expect.objectContaining({
          entry: expect.objectContaining({ id: stillRunning }),
        }),
      ]);
    },
  );
});
