import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';

const TABLE = 'rollout_notification_claims';

/** Claims are kept this long, then pruned (an event is not seen again that late). */
export const CLAIM_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Who sends the notification of a rollout event when several backend
 * replicas observe it: each replica watches the cluster and sees the same
 * abort, and the one whose row goes in first sends (Knex: SQLite or
 * PostgreSQL; the unique key makes the second insert a no-op).
 */
export class NotificationClaims {
  readonly #db: Knex;
  readonly #now: () => number;
  #prunedAt = 0;

  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
    now?: () => number;
  }): Promise<NotificationClaims> {
    if (!options.skipMigrations) await migrateDatabase(options.knex);
    return new NotificationClaims(options.knex, options.now ?? Date.now);
  }

  private constructor(db: Knex, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** True for the first claim of this event for this entity (by any replica). */
  async claim(entityRef: string, event: string): Promise<boolean> {
    await this.#pruneNowAndThen();
    const rows = await this.#db(TABLE)
      .insert({
        entity_ref: entityRef.slice(0, 255),
        event: event.slice(0, 512),
        claimed_at: new Date(this.#now()),
      })
      .onConflict(['entity_ref', 'event'])
      .ignore()
      .returning('id');
    return rows.length > 0;
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
