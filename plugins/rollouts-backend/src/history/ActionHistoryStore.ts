import { ActionHistoryEntry } from '@gradual/plugin-rollouts-common';
import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';

const TABLE = 'rollout_action_history';

export type NewActionHistoryEntry = Omit<ActionHistoryEntry, 'id' | 'at'> & {
  at?: Date;
};

export interface ActionHistoryQuery {
  cluster: string;
  namespace: string;
  name: string;
  /** Restricts to actions done through this entity. */
  entityRef?: string;
  limit?: number;
}

/** The persisted action history (Knex: SQLite in development, Postgres in production). */
export class ActionHistoryStore {
  readonly #db: Knex;

  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<ActionHistoryStore> {
    if (!options.skipMigrations) {
      await migrateDatabase(options.knex);
    }
    return new ActionHistoryStore(options.knex);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  async add(entry: NewActionHistoryEntry): Promise<string> {
    const row = {
      at: entry.at ?? new Date(),
      actor: entry.actor,
      entity_ref: entry.entityRef,
      cluster: entry.cluster,
      namespace: entry.namespace,
      name: entry.name,
      action: entry.action,
      params: entry.params ? JSON.stringify(entry.params) : null,
      outcome: entry.outcome,
      message: entry.message?.slice(0, 2000) ?? null,
      before_step: entry.before?.step ?? null,
      before_revision: entry.before?.revision ?? null,
      after_step: entry.after?.step ?? null,
      after_revision: entry.after?.revision ?? null,
    };
    const [result] = await this.#db(TABLE).insert(row, ['id']);
    const id =
      typeof result === 'object'
        ? (result as { id: number | string }).id
        : result;
    return String(id);
  }

  async list(query: ActionHistoryQuery): Promise<ActionHistoryEntry[]> {
    let q = this.#db(TABLE)
      .where({
        cluster: query.cluster,
        namespace: query.namespace,
        name: query.name,
      })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(Math.min(query.limit ?? 100, 500));
    if (query.entityRef) q = q.andWhere('entity_ref', query.entityRef);
    const rows = await q;
    return rows.map(toEntry);
  }
}

function toDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  // SQLite returns 'YYYY-MM-DD HH:MM:SS[.sss]' (UTC) or an ISO string.
  const s = String(value);
  return new Date(
    /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`,
  ).toISOString();
}

function toEntry(row: any): ActionHistoryEntry {
  const entry: ActionHistoryEntry = {
    id: String(row.id),
    at: toDate(row.at),
    actor: row.actor,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    action: row.action,
    outcome: row.outcome,
  };
  if (row.params) entry.params = JSON.parse(row.params);
  if (row.message) entry.message = row.message;
  if (row.before_step !== null || row.before_revision !== null) {
    entry.before = {
      step: row.before_step,
      revision: row.before_revision ?? undefined,
    };
  }
  if (row.after_step !== null || row.after_revision !== null) {
    entry.after = {
      step: row.after_step,
      revision: row.after_revision ?? undefined,
    };
  }
  return entry;
}
