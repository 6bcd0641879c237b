import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';

const TABLE = 'rollout_notification_claims';

/** Claims are kept this long, then pruned (an event is not seen again that late). */
export const CLAIM_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * How long a claim holds while its notification is not marked sent: longer
 * than the claimant's attempts to send it (LiveUpdates: about 6 s of waits
 * plus the sends). After it, another replica may take the claim over, so a
 * replica that stops between claiming and sending does not lose the
 * notification.
 */
export const CLAIM_LEASE_MS = 30_000;

/** The key of one entity's event (cut to the columns' lengths). */
const keyOf = (entityRef: string, event: string) => ({
  entity_ref: entityRef.slice(0, 255),
  event: event.slice(0, 512),
});

/**
 * Who sends the notification of a rollout event when several backend
 * replicas observe it: each replica watches the cluster and sees the same
 * abort, and the one whose row goes in first sends (Knex: SQLite or
 * PostgreSQL; the unique key makes the second insert a no-op). The sender
 * marks the claim sent; a claim left unmarked past its lease may be taken
 * over by another replica (the first whose update matches), and a taken
 * over claim left unmarked past its new lease again.
 */
export class NotificationClaims {
  readonly #db: Knex;
  readonly #now: () => number;
  /** See {@link CLAIM_LEASE_MS}. */
  readonly leaseMs: number;
  #prunedAt = 0;

  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
    now?: () => number;
    leaseMs?: number;
  }): Promise<NotificationClaims> {
    if (!options.skipMigrations) await migrateDatabase(options.knex);
    return new NotificationClaims(
      options.knex,
      options.now ?? Date.now,
      options.leaseMs ?? CLAIM_LEASE_MS,
    );
  }

  private constructor(db: Knex, now: () => number, leaseMs: number) {
    this.#db = db;
    this.#now = now;
    this.leaseMs = leaseMs;
  }

  /**
   * True for the first claim of this event for this entity (by any
   * replica), and for the first claim after the lease of one that was
   * never marked {@link NotificationClaims.sent}.
   */
  async claim(entityRef: string, event: string): Promise<boolean> {
    await this.#pruneNowAndThen();
    const key = keyOf(entityRef, event);
    const now = this.#now();
    const rows = await this.#db(TABLE)
      .insert({ ...key, claimed_at: new Date(now) })
      .onConflict(['entity_ref', 'event'])
      .ignore()
      .returning('id');
    if (rows.length > 0) return true;
    // One statement: of replicas taking over at once, only the first
    // matches (PostgreSQL re-reads the locked row; SQLite writes one at a time).
    const taken = await this.#db(TABLE)
      .where(key)
      .whereNull('sent_at')
      .where('claimed_at', '<', new Date(now - this.leaseMs))
      .update({ claimed_at: new Date(now) });
    return taken > 0;
  }

  /** The claimant sent the notification: the claim can no longer be taken over. */
  async sent(entityRef: string, event: string): Promise<void> {
    await this.#db(TABLE)
      .where(keyOf(entityRef, event))
      .update({ sent_at: new Date(this.#now()) });
  }

  /** Whether the event's notification to the entity was marked sent (by any replica). */
  async isSent(entityRef: string, event: string): Promise<boolean> {
    const row = await this.#db(TABLE)
      .where(keyOf(entityRef, event))
      .whereNotNull('sent_at')
      .first('id');
    return row !== undefined;
  }

  async #pruneNowAndThen(): Promise<void> {
    const now = this.#now();
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    await this.#db(TABLE)
      .where('claimed_at', '<', new Date(now - CLAIM_RETENTION_MS))
      .delete();
  }
}
