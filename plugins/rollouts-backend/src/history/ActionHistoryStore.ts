import { ActionHistoryEntry } from '@gradual/plugin-rollouts-common';
import { Knex } from 'knex';
import type { PatchCall } from '../actions/actionTable';
import { migrateDatabase } from '../database/migrateDatabase';

const TABLE = 'rollout_action_history';

export type NewActionHistoryEntry = Omit<ActionHistoryEntry, 'id' | 'at'> & {
  at?: Date;
};

/** What a pending action is about to send: enough to tell later whether it landed. */
export interface LandingCheck {
  /** The rollout's resourceVersion the decision was made on (the first patch carries it). */
  resourceVersion: string;
  /** The planned patches (a workload patch carries its own resourceVersion). */
  calls: PatchCall[];
}

/** A `pending` row, with what resolving it needs. */
export interface PendingAction {
  entry: ActionHistoryEntry;
  check: LandingCheck;
}

/** How an action ended: what {@link ActionHistoryStore.complete} writes. */
export interface ActionCompletion {
  outcome: ActionHistoryEntry['outcome'];
  message?: string;
  before?: ActionHistoryEntry['before'];
  after?: ActionHistoryEntry['after'];
}

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
    return this.#insert(entry, null);
  }

  /**
   * Writes the row of an action about to send its patches, as `pending`
   * (before the first patch), and returns its id for {@link complete}.
   */
  async begin(
    entry: Omit<NewActionHistoryEntry, 'outcome' | 'message'>,
    check: LandingCheck,
  ): Promise<string> {
    return this.#insert({ ...entry, outcome: 'pending' }, check);
  }

  /** A pending action decided again (its patch was stale): what it now sends. */
  async updateLandingCheck(id: string, check: LandingCheck): Promise<void> {
    await this.#db(TABLE)
      .where({ id })
      .update({ landing_check: JSON.stringify(check) });
  }

  /**
   * Completes an action's row with its outcome, whatever a reader resolved
   * it to in the meantime: the replica that ran the action knows best.
   */
  async complete(id: string, completion: ActionCompletion): Promise<void> {
    await this.#db(TABLE)
      .where({ id })
      .update({
        outcome: completion.outcome,
        message: completion.message?.slice(0, 2000) ?? null,
        landing_check: null,
        ...stateColumns(completion),
      });
  }

  /**
   * Resolves a row that is still `pending` (its replica stopped before
   * completing it). False when it is no longer pending.
   */
  async resolvePending(
    id: string,
    resolution: Omit<ActionCompletion, 'before'>,
  ): Promise<boolean> {
    const changed = await this.#db(TABLE)
      .where({ id, outcome: 'pending' })
      .update({
        outcome: resolution.outcome,
        message: resolution.message?.slice(0, 2000) ?? null,
        ...stateColumns({ after: resolution.after }),
      });
    return Number(changed) > 0;
  }

  /** Rows still `pending` that started before `startedBefore` (of one rollout, when given). */
  async listPending(query: {
    startedBefore: Date;
    rollout?: { cluster: string; namespace: string; name: string };
    limit?: number;
  }): Promise<PendingAction[]> {
    let q = this.#db(TABLE)
      .where('outcome', 'pending')
      .andWhere('at', '<', query.startedBefore)
      .orderBy('at', 'asc')
      .limit(query.limit ?? 100);
    if (query.rollout) {
      // only these columns: callers may pass a wider target (with entityRef)
      const { cluster, namespace, name } = query.rollout;
      q = q.andWhere({ cluster, namespace, name });
    }
    const rows = await q;
    return rows.map(row => ({
      entry: toEntry(row),
      check: JSON.parse(row.landing_check ?? 'null') ?? {
        resourceVersion: '',
        calls: [],
      },
    }));
  }

  async #insert(
    entry: NewActionHistoryEntry,
    check: LandingCheck | null,
  ): Promise<string> {
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
      ...stateColumns(entry),
      landing_check: check ? JSON.stringify(check) : null,
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

/** The before / after columns of the states given (an absent state is not written). */
function stateColumns(states: {
  before?: ActionHistoryEntry['before'];
  after?: ActionHistoryEntry['after'];
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['before', 'after'] as const) {
    const state = states[key];
    if (!state) continue;
    out[`${key}_step`] = state.step ?? null;
    out[`${key}_revision`] = state.revision ?? null;
  }
  return out;
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
