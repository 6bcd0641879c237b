import { TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { CLAIM_RETENTION_MS, NotificationClaims } from './NotificationClaims';

const ids = testDatabaseIds('NotificationClaims');

jest.setTimeout(60_000);

describe('NotificationClaims', () => {
  const databases = TestDatabases.create({ ids, disableDocker: true });
  const EVENT = 'c1/shop/web/u1:3:aborted:2026-12-02T10:00:00Z';

  it.each(ids)(
    'lets one of two replicas claim an event, even at once, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const a = await NotificationClaims.create({ knex });
      const b = await NotificationClaims.create({ knex });
      const [first, second] = await Promise.all([
        a.claim('component:default/shop', EVENT),
        b.claim('component:default/shop', EVENT),
      ]);
      expect([first, second].sort()).toEqual([false, true]);
      expect(await a.claim('component:default/shop', EVENT)).toBe(false);
      // Another entity of the same rollout, and another event, are claimed apart.
      expect(await b.claim('component:default/cart', EVENT)).toBe(true);
      expect(
        await b.claim(
          'component:default/shop',
          EVENT.replace('10:00:00', '10:05:00'),
        ),
      ).toBe(true);
    },
  );

  it.each(ids)(
    'prunes claims older than the retention, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let now = Date.parse('2026-12-01T00:00:00Z');
      const claims = await NotificationClaims.create({ knex, now: () => now });
      expect(await claims.claim('component:default/shop', EVENT)).toBe(true);
      now += CLAIM_RETENTION_MS + 60_000;
      // A claim after the retention first prunes the old row.
      expect(await claims.claim('component:default/cart', EVENT)).toBe(true);
      const rows = await knex('rollout_notification_claims').select(
        'entity_ref',
      );
      expect(rows.map(r => r.entity_ref)).toEqual(['component:default/cart']);
    },
  );
});
