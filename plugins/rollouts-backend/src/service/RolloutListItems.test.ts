import { KubeObject, RolloutSummary } from '@gradual/plugin-rollouts-common';
import { ClusterCache, RolloutChangeListener } from '../cache/ClusterCache';
import { RolloutsCache } from '../cache/RolloutsCache';
import { RolloutListItems } from './RolloutListItems';

/** The change feed of a cache: what `RolloutsCache.onRolloutsChanged` hands its listeners. */
class ChangeFeed {
  readonly listeners = new Set<RolloutChangeListener>();
  onRolloutsChanged(listener: RolloutChangeListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  changed(rollout: KubeObject) {
    for (const l of this.listeners) l('prod', [{ rollout, deleted: false }]);
  }
}

const rollout = (name: string, resourceVersion: string): KubeObject => ({
  metadata: { namespace: 'shop', name, uid: `uid-${name}`, resourceVersion },
});

describe('RolloutListItems', () => {
  const cluster = { name: 'prod' } as ClusterCache;
  let feed: ChangeFeed;
  let items: RolloutListItems;
  /** What the build sees of the rollout's owned objects (a ReplicaSet count). */
  let owned: Record<string, number>;
  let builds: string[];

  beforeEach(() => {
    feed = new ChangeFeed();
    owned = {};
    builds = [];
    items = new RolloutListItems({
      cache: feed as unknown as RolloutsCache,
      build: (c, ro) => {
        builds.push(ro.metadata.name);
        return {
          cluster: c.name,
          name: ro.metadata.name,
          resourceVersion: ro.metadata.resourceVersion,
          replicaSets: owned[ro.metadata.name] ?? 0,
        } as unknown as RolloutSummary;
      },
    });
  });

  afterEach(() => items.stop());

  it('builds and serialises an item once while nothing of its rollout changes', () => {
    const web = rollout('web', '1');
    const first = items.json(cluster, web);
    expect(JSON.parse(first)).toEqual({
      cluster: 'prod',
      name: 'web',
      resourceVersion: '1',
      replicaSets: 0,
    });
    expect(items.json(cluster, web)).toBe(first);
    expect(builds).toEqual(['web']);
  });

  it('builds again when the rollout is replaced by a new version', () => {
    items.json(cluster, rollout('web', '1'));
    const next = rollout('web', '2');
    feed.changed(next);
    expect(JSON.parse(items.json(cluster, next)).resourceVersion).toBe('2');
    expect(builds).toEqual(['web', 'web']);
  });

  it('builds again when an object the rollout owns changed (same rollout object)', () => {
    const web = rollout('web', '1');
    const api = rollout('api', '1');
    items.json(cluster, web);
    items.json(cluster, api);
    owned.web = 2;
    feed.changed(web);
    expect(JSON.parse(items.json(cluster, web)).replicaSets).toBe(2);
    // The other rollout's item is kept.
    items.json(cluster, api);
    expect(builds).toEqual(['web', 'api', 'web']);
  });

  it('stops following the cache on stop', () => {
    items.stop();
    expect(feed.listeners.size).toBe(0);
  });
});
