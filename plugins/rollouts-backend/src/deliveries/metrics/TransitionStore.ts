import {
  DeliveryTransition,
  KUBERNETES_ID_ANNOTATION,
} from '@gradual/plugin-rollouts-common';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrateDatabase';

const TABLE = 'rollout_delivery_transitions';

/** A transition with what entity selectors match on. */
export interface StoredTransition extends DeliveryTransition {
  uid: string;
  labels: Record<string, string>;
}

export interface TransitionQuery {
  from: Date;
  to: Date;
  /** Only rollouts carrying one of these `backstage.io/kubernetes-id` values. */
  kubernetesIds?: string[];
}

function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const s = String(value);
  return new Date(
    /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`,
  ).toISOString();
}

/**
 * Observed rollout transitions (Knex: SQLite or PostgreSQL). A transition is
 * stored once however many backend replicas observe it: the unique key is
 * the rollout, revision, kind and step, and a second insert is ignored.
 */
export class TransitionStore {
  readonly #db: Knex;

  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<TransitionStore> {
    if (!options.skipMigrations) {
      await migrateDatabase(options.knex);
    }
    return new TransitionStore(options.knex);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** Stores a transition; false when it was already stored (by this or another replica). */
  async add(t: StoredTransition): Promise<boolean> {
    const rows = await this.#db(TABLE)
      .insert({
        at: new Date(t.at),
        cluster: t.cluster,
        namespace: t.namespace,
        name: t.name,
        rollout_uid: t.uid,
        revision: t.revision,
        kind: t.kind,
        step: t.step ?? -1,
        reason: t.reason ?? null,
        detail: t.detail?.slice(0, 2000) ?? null,
        actor: t.actor ?? null,
        kubernetes_id: t.labels[KUBERNETES_ID_ANNOTATION] ?? null,
        labels: JSON.stringify(t.labels),
      })
      .onConflict([
        'cluster',
        'namespace',
        'rollout_uid',
        'revision',
        'kind',
        'step',
      ])
      .ignore()
      .returning('id');
    return rows.length > 0;
  }

  /** Whether the rollout has a transition of this kind for the revision. */
  async has(
    t: Pick<StoredTransition, 'cluster' | 'namespace' | 'uid' | 'revision'>,
    kind: StoredTransition['kind'],
  ): Promise<boolean> {
    const row = await this.#db(TABLE)
      .where({
        cluster: t.cluster,
        namespace: t.namespace,
        rollout_uid: t.uid,
        revision: t.revision,
        kind,
      })
      .first('id');
    return Boolean(row);
  }

  /** Transitions between `from` and `to`, oldest first. */
  async list(query: TransitionQuery): Promise<StoredTransition[]> {
    const scoped = (q: Knex.QueryBuilder) =>
      query.kubernetesIds ? q.whereIn('kubernetes_id', query.kubernetesIds) : q;
    const rows = await scoped(
      this.#db(TABLE).whereBetween('at', [query.from, query.to]),
    ).orderBy([
      { column: 'at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(toTransition);
  }
}

function toTransition(row: any): StoredTransition {
  const t: StoredTransition = {
    at: toIso(row.at),
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    uid: row.rollout_uid,
    revision: row.revision,
    kind: row.kind,
    labels: JSON.parse(row.labels ?? '{}'),
  };
  if (row.step !== null && row.step !== undefined && Number(row.step) >= 0)
    t.step = Number(row.step);
  if (row.reason) t.reason = row.reason;
  if (row.detail) t.detail = row.detail;
  if (row.actor) t.actor = row.actor;
  return t;
}
