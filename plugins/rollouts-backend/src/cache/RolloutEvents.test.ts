import { KubeObject } from '@gradual/plugin-rollouts-common';
import { KubeList } from '../kube/types';
import { RolloutEvents } from './RolloutEvents';

const rollout = (resourceVersion: string): KubeObject => ({
  metadata: { namespace: 'shop', name: 'web', uid: 'ro-1', resourceVersion },
});
const replicaSet = (uid: string): KubeObject => ({
  metadata: { namespace: 'shop', name: `web-${uid}`, uid },
});
const event = (about: string, reason: string) => ({
  metadata: {
    namespace: 'shop',
    name: `${about}.${reason}`,
    uid: `ev-${about}-${reason}`,
    managedFields: [{ manager: 'rollouts-controller' }],
  },
  involvedObject: { kind: 'Rollout', name: 'web', uid: about },
  reason,
  message: `${reason} of ${about}`,
  type: 'Normal',
  count: 1,
  lastTimestamp: '2026-12-02T10:00:00Z',
});

describe('RolloutEvents', () => {
  let paths: string[];
  let fail: boolean;
  let reader: RolloutEvents;

  beforeEach(() => {
    jest.useFakeTimers();
    paths = [];
    fail = false;
    reader = new RolloutEvents({
      ttlMs: 5000,
      list: async (path: string): Promise<KubeList> => {
        paths.push(path);
        if (fail) throw new Error('HTTP 503');
        const uid = new URLSearchParams(path.split('?')[1])
          .get('fieldSelector')!
          .replace('involvedObject.uid=', '');
        return {
          metadata: { resourceVersion: '1' },
          items: [event(uid, 'Updated')],
        };
      },
    });
  });

  afterEach(() => jest.useRealTimers());

  it('lists the events of the rollout and of each ReplicaSet by involvedObject.uid, trimmed', async () => {
    const events = await reader.of(rollout('1'), [replicaSet('rs-a')]);
    expect(paths).toEqual([
      '/api/v1/namespaces/shop/events?fieldSelector=involvedObject.uid%3Dro-1',
      '/api/v1/namespaces/shop/events?fieldSelector=involvedObject.uid%3Drs-a',
    ]);
    expect(events.map(e => e.involvedObject.uid)).toEqual(['ro-1', 'rs-a']);
    // The cache's trim: no managedFields, the defaults (Normal, count 1) left out.
    expect(events[0]).toEqual({
      metadata: {
        name: 'ro-1.Updated',
        namespace: 'shop',
        uid: 'ev-ro-1-Updated',
        resourceVersion: undefined,
      },
      involvedObject: { kind: 'Rollout', name: 'web', uid: 'ro-1' },
      reason: 'Updated',
      message: 'Updated of ro-1',
      lastTimestamp: '2026-12-02T10:00:00Z',
    });
  });

  it('answers views of the same rollout version from one read for a few seconds, and shares a read in flight', async () => {
    const [a, b] = await Promise.all([
      reader.of(rollout('1'), [replicaSet('rs-a')]),
      reader.of(rollout('1'), [replicaSet('rs-a')]),
    ]);
    expect(a).toBe(b);
    jest.advanceTimersByTime(4999);
    await reader.of(rollout('1'), [replicaSet('rs-a')]);
    expect(reader.reads).toBe(2);
    jest.advanceTimersByTime(1);
    await reader.of(rollout('1'), [replicaSet('rs-a')]);
    expect(reader.reads).toBe(4);
  });

  it('reads again when the rollout or its ReplicaSets changed', async () => {
    await reader.of(rollout('1'), [replicaSet('rs-a')]);
    await reader.of(rollout('2'), [replicaSet('rs-a')]);
    expect(reader.reads).toBe(4);
    const events = await reader.of(rollout('2'), [
      replicaSet('rs-a'),
      replicaSet('rs-b'),
    ]);
    expect(events.map(e => e.involvedObject.uid)).toEqual([
      'ro-1',
      'rs-a',
      'rs-b',
    ]);
    expect(reader.reads).toBe(7);
  });

  it('does not keep a failed read: the error reaches the caller and the next view reads again', async () => {
    fail = true;
    await expect(reader.of(rollout('1'), [])).rejects.toThrow('HTTP 503');
    fail = false;
    expect(await reader.of(rollout('1'), [])).toHaveLength(1);
    expect(reader.reads).toBe(2);
  });
});
