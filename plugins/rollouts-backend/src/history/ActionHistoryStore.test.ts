import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ActionHistoryStore } from './ActionHistoryStore';

const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const ids: TestDatabaseId[] = ['SQLITE_3'];
if (process.env[POSTGRES_ENV]) {
  ids.push('POSTGRES_15');
} else {
  // eslint-disable-next-line no-console
  console.warn(
    `\n*** ActionHistoryStore: POSTGRES NOT TESTED: set ${POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1:54329) ***\n`,
  );
}

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
});
