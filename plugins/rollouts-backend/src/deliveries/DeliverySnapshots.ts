import { LoggerService } from '@backstage/backend-plugin-api';
import { summarizeRollout } from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { DeliveryBase, deliveryBaseOf } from './deliveryItem';

interface Entry {
  rollout: KubeObject;
  base: DeliveryBase;
}

/**
 * Every cached rollout as a {@link DeliveryBase}, summarised once and again
 * only after the watch cache reports a change of the rollout or of what it
 * owns: a read of the whole fleet costs a walk over the cache, not a
 * summary per rollout.
 */
export class DeliverySnapshots {
  readonly #cache: RolloutsCache;
  readonly #logger: LoggerService;
  /** cluster → rollout uid → entry */
  readonly #entries = new Map<string, Map<string, Entry>>();
  /** `cluster/uid` of rollouts whose owned objects changed since summarised. */
  readonly #stale = new Set<string>();
  #off?: () => void;

  constructor(options: { cache: RolloutsCache; logger: LoggerService }) {
    this.#cache = options.cache;
    this.#logger = options.logger;
  }

  start(): void {
    this.#off = this.#cache.onRolloutsChanged((cluster, changes) => {
      for (const { rollout } of changes)
        this.#stale.add(`${cluster}/${rollout.metadata.uid}`);
    });
  }

  stop(): void {
    this.#off?.();
  }

  /** The current deliveries of every cluster (unsummarisable rollouts are logged and left out). */
  all(): DeliveryBase[] {
    const result: DeliveryBase[] = [];
    for (const cluster of this.#cache.clusters()) {
      let entries = this.#entries.get(cluster.name);
      if (!entries) this.#entries.set(cluster.name, (entries = new Map()));
      const seen = new Set<string>();
      const now = new Date();
      for (const rollout of cluster.rollouts(() => true)) {
        const uid = rollout.metadata.uid;
        seen.add(uid);
        const key = `${cluster.name}/${uid}`;
        let entry = entries.get(uid);
        if (!entry || entry.rollout !== rollout || this.#stale.has(key)) {
          this.#stale.delete(key);
          try {
            const summary = summarizeRollout(
              cluster.name,
              cluster.objectsOf(rollout),
              now,
            );
            if (cluster.title) summary.clusterTitle = cluster.title;
            entry = { rollout, base: deliveryBaseOf(summary, rollout) };
            entries.set(uid, entry);
          } catch (e) {
            entries.delete(uid);
            this.#logger.warn(
              `cannot summarize rollout ${cluster.name}/${rollout.metadata.namespace}/${rollout.metadata.name}: ${e}`,
            );
            continue;
          }
        }
        result.push(entry.base);
      }
      for (const uid of entries.keys()) {
        if (!seen.has(uid)) entries.delete(uid);
      }
    }
    return result;
  }
}
