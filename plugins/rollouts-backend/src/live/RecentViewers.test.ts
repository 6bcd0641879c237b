import { mockCredentials } from '@backstage/backend-test-utils';
import { RecentViewers } from './RecentViewers';

describe('RecentViewers', () => {
  let now: number;
  let viewers: RecentViewers;
  beforeEach(() => {
    now = 1_000;
    viewers = new RecentViewers({ ttlMs: 100, now: () => now });
  });

  it('keeps users for the TTL of their last view, then forgets them', () => {
    viewers.register(mockCredentials.user('user:default/alice'));
    now += 60;
    viewers.register(mockCredentials.user('user:default/bob'));
    expect(viewers.current()).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);
    now += 60; // alice's view is 120 ms old, bob's 60 ms
    expect(viewers.current()).toEqual(['user:default/bob']);
    now += 50;
    expect(viewers.current()).toEqual([]);
    expect(viewers.any).toBe(false);
  });

  it('a new view extends the TTL', () => {
    viewers.register(mockCredentials.user('user:default/alice'));
    now += 90;
    viewers.register(mockCredentials.user('user:default/alice'));
    now += 90;
    expect(viewers.current()).toEqual(['user:default/alice']);
  });

  it('ignores service and none principals (they receive no signals)', () => {
    viewers.register(mockCredentials.service('plugin:catalog'));
    viewers.register(mockCredentials.none());
    expect(viewers.any).toBe(false);
    expect(viewers.current()).toEqual([]);
  });
});
