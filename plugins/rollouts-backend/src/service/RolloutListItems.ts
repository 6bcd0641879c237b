import { KubeObject, RolloutSummary } from '@gradual/plugin-rollouts-common';
import { ClusterCache } from '../cache/ClusterCache';
import { RolloutsCache } from '../cache/RolloutsCache';

/**
 * The list-view item of each cached rollout, built and serialised once per
 * change instead of on every view: keyed by the cached rollout object (a
 * change of the rollout replaces it, so the entry is dropped with it) and
 * dropped when any object the rollout owns changes (the cache's change feed,
 * called synchronously as the cache changes). A view then joins strings.
 */
export class RolloutListItems {
  readonly #json = new WeakMap<KubeObject, string>();
  readonly #build: (
    cluster: ClusterCache,
    rollout: KubeObject,
  ) => RolloutSummary;
  #off?: () => void;

  constructor(options: {
    cache: RolloutsCache;
    build: (cluster: ClusterCache, rollout: KubeObject) => RolloutSummary;
  }) {
    this.#build = options.build;
    this.#off = options.cache.onRolloutsChanged((_cluster, changes) => {
      for (const { rollout } of changes) this.#json.delete(rollout);
    });
  }

  /** The item of `rollout` (as cached in `cluster`), as JSON. */
  json(cluster: ClusterCache, rollout: KubeObject): string {
    let json = this.#json.get(rollout);
    if (json === undefined) {
      json = JSON.stringify(this.#build(cluster, rollout));
      this.#json.set(rollout, json);
    }
    return json;
  }

  stop(): void {
    this.#off?.();
  }
}
