import { KubeObject } from '@gradual/plugin-rollouts-common';
import { KubeList } from '../kube/types';
import { trimObject } from '../kube/resources';

/** How long the events read for one rollout answer the next detail views. */
const DEFAULT_TTL_MS = 5_000;
/** Entries kept before the expired ones are swept. */
const SWEEP_AT = 500;

interface Entry {
  /** The rollout version and the objects the events are about: another set is another read. */
  key: string;
  at: number;
  events: Promise<KubeObject[]>;
}

/**
 * The events of a rollout and of its ReplicaSets, read from the API server
 * when a detail view asks for them instead of being kept in the watch cache
 * (events are most of what a cached rollout would weigh, and only the detail
 * view shows them): one LIST per object (`involvedObject.uid`), trimmed like
 * the cache's objects. The answer is kept for a few seconds per rollout, and
 * a read in flight is shared, so viewers refreshing together cost one read;
 * a change of the rollout (or of its ReplicaSets) reads again.
 */
export class RolloutEvents {
  readonly #list: (path: string) => Promise<KubeList>;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, Entry>();
  /** LIST requests sent (for tests and stats). */
  reads = 0;

  constructor(options: {
    /** GET of a list path on the cluster's API server. */
    list: (path: string) => Promise<KubeList>;
    ttlMs?: number;
  }) {
    this.#list = options.list;
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  }

  /** The events about `rollout` and `replicaSets` (any order; the model sorts them). */
  of(rollout: KubeObject, replicaSets: KubeObject[]): Promise<KubeObject[]> {
    const uid = rollout.metadata.uid;
    const namespace = rollout.metadata.namespace;
    if (!uid || !namespace) return Promise.resolve([]);
    const uids = [uid, ...replicaSets.map(rs => rs.metadata.uid)].filter(
      Boolean,
    );
    const key = `${rollout.metadata.resourceVersion}/${uids.join(',')}`;
    const now = Date.now();
    const cached = this.#entries.get(uid);
    if (cached && cached.key === key && now - cached.at < this.#ttlMs)
      return cached.events;
    if (this.#entries.size >= SWEEP_AT) this.#sweep(now);
    const events = Promise.all(uids.map(u => this.#about(namespace, u))).then(
      lists => lists.flat(),
    );
    const entry = { key, at: now, events };
    this.#entries.set(uid, entry);
    // A failed read is not kept: the next view tries again.
    events.catch(() => {
      if (this.#entries.get(uid) === entry) this.#entries.delete(uid);
    });
    return events;
  }

  async #about(namespace: string, uid: string): Promise<KubeObject[]> {
    this.reads++;
    const params = new URLSearchParams({
      fieldSelector: `involvedObject.uid=${uid}`,
    });
    const list = await this.#list(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/events?${params}`,
    );
    return (list.items ?? []).map(e => trimObject('events', e));
  }

  #sweep(now: number): void {
    for (const [uid, e] of this.#entries)
      if (now - e.at >= this.#ttlMs) this.#entries.delete(uid);
  }
}
