import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import {
  CLAIM_LEASE_MS,
  CLAIM_RETENTION_MS,
  NotificationClaims,
} from './NotificationClaims';

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

  it.each(ids)(
    'lets one other replica take over a claim never marked sent, after its lease, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let now = Date.parse('2026-12-01T00:00:00Z');
      const clock = { now: () => now, leaseMs: 30_000 };
      const a = await NotificationClaims.create({ knex, ...clock });
      const b = await NotificationClaims.create({ knex, ...clock });
      const c = await NotificationClaims.create({ knex, ...clock });
      const shop = 'component:default/shop';
      expect(await a.claim(shop, EVENT)).toBe(true);
      now += 30_000; // the lease is not over yet
      expect(await b.claim(shop, EVENT)).toBe(false);
      now += 1;
      const [byB, byC] = await Promise.all([
        b.claim(shop, EVENT),
        c.claim(shop, EVENT),
      ]);
      expect([byB, byC].sort()).toEqual([false, true]);
      // The new claimant has a lease of its own.
      now += 10_000;
      expect(await a.claim(shop, EVENT)).toBe(false);
      await (byB ? b : c).sent(shop, EVENT);
      now += 10 * 60_000;
      expect(await a.claim(shop, EVENT)).toBe(false);
      const rows = await knex('rollout_notification_claims').select(
        'entity_ref',
        'sent_at',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].sent_at).not.toBeNull();
    },
  );

  it.each(ids)(
    'keeps a claim marked sent, however old, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let now = Date.parse('2026-12-01T00:00:00Z');
      const a = await NotificationClaims.create({ knex, now: () => now });
      const b = await NotificationClaims.create({ knex, now: () => now });
      expect(await a.claim('component:default/shop', EVENT)).toBe(true);
      await a.sent('component:default/shop', EVENT);
      now += CLAIM_LEASE_MS * 100;
      expect(await b.claim('component:default/shop', EVENT)).toBe(false);
    },
  );

  it.each(ids)(
    'tells whether a claim was marked sent, by any replica, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const a = await NotificationClaims.create({ knex });
      const b = await NotificationClaims.create({ knex });
      const shop = 'component:default/shop';
      expect(await a.claim(shop, EVENT)).toBe(true);
      expect(await b.isSent(shop, EVENT)).toBe(false);
      await a.sent(shop, EVENT);
      expect(await b.isSent(shop, EVENT)).toBe(true);
      // Only that entity's event.
      expect(await b.isSent('component:default/cart', EVENT)).toBe(false);
    },
  );

  it.each(ids)(
    'counts the claims made before sent_at existed as sent, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@gradual/plugin-rollouts-backend',
        'migrations',
      );
      // Up to the migration that made the table, without the ones after it.
      while (!(await knex.schema.hasTable('rollout_notification_claims')))
        await knex.migrate.up({ directory });
      const claimedAt = new Date('2026-12-01T00:00:00Z');
      await knex('rollout_notification_claims').insert({
        entity_ref: 'component:default/shop',
        event: EVENT,
        claimed_at: claimedAt,
      });
      const claims = await NotificationClaims.create({
        knex,
        now: () => claimedAt.getTime() + 60 * 60_000,
      });
      expect(await claims.claim('component:default/shop', EVENT)).toBe(false);
      const [row] = await knex('rollout_notification_claims').select(
        'claimed_at',
        'sent_at',
      );
      expect(new Date(row.sent_at).getTime()).toBe(
        new Date(row.claimed_at).getTime(),
      );
    },
  );
});
