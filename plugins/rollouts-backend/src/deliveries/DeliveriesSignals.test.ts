import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { SignalPayload } from '@backstage/plugin-signals-node';
import { RolloutChangeListener } from '../cache/ClusterCache';
import { RolloutsCache } from '../cache/RolloutsCache';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import {
  DELIVERIES_SIGNAL_CHANNEL,
  DeliveriesSignals,
} from './DeliveriesSignals';

/** The change feed of a cache: what `RolloutsCache.onRolloutsChanged` hands its listeners. */
class ChangeFeed {
  readonly listeners = new Set<RolloutChangeListener>();
  onRolloutsChanged(listener: RolloutChangeListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  change(cluster: string, ...names: string[]) {
    const changes = names.map(name => ({
      rollout: { metadata: { namespace: 'shop', name } } as KubeObject,
      deleted: false,
    }));
    for (const l of this.listeners) l(cluster, changes);
  }
}

describe('DeliveriesSignals', () => {
  let feed: ChangeFeed;
  let published: SignalPayload<any>[];
  let live: DeliveriesSignals;

  beforeEach(() => {
    jest.useFakeTimers();
    feed = new ChangeFeed();
    published = [];
    live = new DeliveriesSignals({
      cache: feed as unknown as RolloutsCache,
      signals: {
        publish: async (s: SignalPayload<any>) => void published.push(s),
      },
      logger: mockServices.logger.mock(),
      coalesceMs: 1000,
      viewTtlMs: 60_000,
    });
    live.start();
  });

  afterEach(() => {
    live.stop();
    jest.useRealTimers();
  });

  it('sends nothing while nobody has listed deliveries', () => {
    feed.change('prod', 'web');
    jest.advanceTimersByTime(5000);
    expect(published).toHaveLength(0);
  });

  it('signals the viewers at once on the first change, then once per window for a burst', () => {
    live.registerView(mockCredentials.user('user:default/alice'));
    live.registerView(mockCredentials.service('plugin:catalog'));
    feed.change('prod', 'web');
    expect(published).toEqual([
      {
        recipients: { type: 'user', entityRef: ['user:default/alice'] },
        channel: DELIVERIES_SIGNAL_CHANNEL,
        message: { type: 'deliveries-changed' },
      },
    ]);
    for (let i = 0; i < 20; i++) {
      feed.change(i % 2 ? 'prod' : 'staging', `r${i}`);
      jest.advanceTimersByTime(100);
    }
    // 2 s of changes: the leading signal and one per 1 s window.
    expect(published).toHaveLength(3);
    jest.advanceTimersByTime(5000);
    expect(published).toHaveLength(3);
    expect(live.stats.signals).toBe(3);
  });

  it('stops signalling a viewer whose view expired', () => {
    live.registerView(mockCredentials.user('user:default/alice'));
    jest.advanceTimersByTime(61_000);
    feed.change('prod', 'web');
    jest.advanceTimersByTime(2000);
    expect(published).toHaveLength(0);
  });

  it('sends nothing after stop', () => {
    live.registerView(mockCredentials.user('user:default/alice'));
    live.stop();
    feed.change('prod', 'web');
    expect(published).toHaveLength(0);
  });
});
