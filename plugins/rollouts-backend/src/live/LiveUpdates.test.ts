import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { selectorForEntity } from '../entities/entityRollouts';
import {
  LiveUpdates,
  LiveUpdatesOptions,
  SIGNAL_GATHER_MS,
  TAKEOVER_MARGIN_MS,
  TAKEOVER_ROUNDS,
} from './LiveUpdates';
import { NotificationClaims } from './NotificationClaims';

type Listener = (
  cluster: string,
  changes: Array<{ rollout: KubeObject; deleted: boolean }>,
) => void;

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'web' },
  },
  spec: {},
};

const rollout = (name: string, app = 'web'): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    labels: { 'backstage.io/kubernetes-id': app },
  },
});

describe('LiveUpdates signals', () => {
  let listener: Listener;
  let published: Array<{ at: number; message: any; recipients: any }>;
  let live: LiveUpdates;
  const start = Date.now();

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    published = [];
    const cache = {
      onRolloutsChanged: (l: Listener) => {
        listener = l;
        return () => {};
      },
    } as unknown as RolloutsCache;
    live = new LiveUpdates({
      cache,
      logger: mockServices.logger.mock(),
      signals: {
        publish: async (s: any) => {
          published.push({
            at: Date.now() - start,
            message: s.message,
            recipients: s.recipients,
          });
        },
      },
      catalog: catalogServiceMock({ entities: [entity] }),
      auth: mockServices.auth(),
    });
    live.start();
    live.registerView(
      selectorForEntity(entity),
      mockCredentials.user('user:default/ana'),
    );
  });

  afterEach(() => {
    live.stop();
    jest.useRealTimers();
  });

  const change = (cluster: string, ...rollouts: KubeObject[]) =>
    listener(
      cluster,
      rollouts.map(r => ({ rollout: r, deleted: false })),
    );

  it("signals a viewer at once, and only for the entity's rollouts", () => {
    change('east', rollout('other', 'not-web'));
    expect(published).toHaveLength(0);
    change('east', rollout('web-1'));
    expect(published).toEqual([
      {
        at: 0,
        recipients: { type: 'user', entityRef: ['user:default/ana'] },
        message: {
          type: 'rollouts-changed',
          entityRef: 'component:default/web',
          rollouts: [{ cluster: 'east', namespace: 'shop', name: 'web-1' }],
        },
      },
    ]);
  });

  it('gathers the copies of one change seen through ten cluster entries into a second signal', () => {
    for (let c = 0; c < 10; c++) {
      change(`bench-${c}`, rollout('web-1'));
      jest.advanceTimersByTime(1);
    }
    expect(published).toHaveLength(1);
    jest.advanceTimersByTime(SIGNAL_GATHER_MS);
    expect(published.map(p => p.at)).toEqual([0, SIGNAL_GATHER_MS]);
    expect(
      published[1].message.rollouts.map((r: any) => r.cluster).sort(),
    ).toEqual(Array.from({ length: 9 }, (_, c) => `bench-${c + 1}`).sort());
    // The controller's follow-up writes, 40 ms after the change, in all ten:
    // one signal at once and one gathered, not a used-up burst and a storm.
    jest.advanceTimersByTime(10);
    expect(Date.now() - start).toBe(40);
    for (let c = 0; c < 10; c++) change(`bench-${c}`, rollout('web-1'));
    jest.advanceTimersByTime(SIGNAL_GATHER_MS);
    expect(published.map(p => p.at)).toEqual([
      0,
      SIGNAL_GATHER_MS,
      40,
      40 + SIGNAL_GATHER_MS,
    ]);
    // The next user change, 250 ms on, goes out at once.
    jest.advanceTimersByTime(250);
    change('bench-0', rollout('web-2'));
    expect(published).toHaveLength(5);
    expect(published[4].message.rollouts).toEqual([
      { cluster: 'bench-0', namespace: 'shop', name: 'web-2' },
    ]);
  });
});

describe('LiveUpdates notifications', () => {
  const COALESCE_MS = 200;
  let listener: Listener;
  let current: KubeObject;
  let sent: Array<{ at: number; recipients: any; title: string }>;
  let failuresLeft: number;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let live: LiveUpdates;
  let create: (extra?: Partial<LiveUpdatesOptions>) => LiveUpdates;
  const start = Date.now();

  const withStatus = (status: Record<string, unknown>): KubeObject => ({
    ...rollout('web-1'),
    spec: { strategy: { canary: { steps: [{ setWeight: 20 }] } } },
    status,
  });

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    sent = [];
    failuresLeft = 0;
    current = withStatus({ phase: 'Progressing' });
    logger = mockServices.logger.mock();
    const cluster = {
      rollout: () => current,
      objectsOf: (r: KubeObject) => ({
        rollout: r,
        replicaSets: [],
        pods: [],
        analysisRuns: [],
        experiments: [],
      }),
    };
    const cache = {
      onRolloutsChanged: (l: Listener) => {
        listener = l;
        return () => {};
      },
      cluster: () => cluster,
    } as unknown as RolloutsCache;
    create = (extra = {}) =>
      new LiveUpdates({
        cache,
        logger,
        notifications: {
          send: async (n: any) => {
            if (failuresLeft > 0) {
              failuresLeft--;
              throw new Error('notifications backend unavailable');
            }
            sent.push({
              at: Date.now() - start,
              recipients: n.recipients,
              title: n.payload.title,
            });
          },
        },
        catalog: catalogServiceMock({ entities: [entity] }),
        auth: mockServices.auth(),
        coalesceMs: COALESCE_MS,
        notifyRetryDelaysMs: [1_000, 5_000],
        ...extra,
      });
    live = create();
    live.start();
  });

  afterEach(() => {
    live.stop();
    jest.useRealTimers();
  });

  /** The rollout turns into `next`; the check runs coalesceMs later. */
  const becomes = async (next: KubeObject) => {
    current = next;
    listener('east', [{ rollout: next, deleted: false }]);
    await jest.advanceTimersByTimeAsync(COALESCE_MS);
  };

  /** As the controller writes an abort: abortedAt and the Degraded phase in one update. */
  const abort = () =>
    becomes(
      withStatus({
        abort: true,
        abortedAt: '2026-12-02T10:00:00Z',
        phase: 'Degraded',
        message: 'RolloutAborted: Rollout aborted update to revision 2',
      }),
    );

  it('notifies an abort once the controller acted on it, and not again as degraded', async () => {
    await becomes(current);
    // The abort request (our PATCH of status.abort) before the controller's update.
    await becomes(withStatus({ abort: true, phase: 'Paused' }));
    expect(sent).toHaveLength(0);
    await abort();
    expect(sent.map(s => s.title)).toEqual([
      expect.stringMatching(/^Rollout shop\/web-1 in east aborted/),
    ]);
    // The request seen with the Degraded phase but without abortedAt (the
    // other order of the same abort) is no second notification either.
    await becomes(withStatus({ phase: 'Progressing' }));
    await becomes(withStatus({ abort: true, phase: 'Degraded' }));
    expect(sent).toHaveLength(1);
  });

  it('notifies a rollout that turns Degraded without an abort', async () => {
    await becomes(current);
    await becomes(
      withStatus({
        phase: 'Degraded',
        message:
          'ProgressDeadlineExceeded: ReplicaSet "web-1-6d4" has timed out progressing.',
      }),
    );
    expect(sent.map(s => s.title)).toEqual([
      expect.stringMatching(/^Rollout shop\/web-1 in east degraded$/),
    ]);
  });

  it('notifies the entity once when its rollout is aborted', async () => {
    await becomes(current); // first sighting: recorded, not notified
    await abort();
    expect(sent).toEqual([
      {
        at: 2 * COALESCE_MS,
        recipients: { type: 'entity', entityRef: 'component:default/web' },
        title: expect.stringMatching(/^Rollout shop\/web-1 in east aborted/),
      },
    ]);
    await abort();
    expect(sent).toHaveLength(1);
    expect(live.stats).toMatchObject({ notifications: 1 });
  });

  it('tries a failed notification again after each wait, then sends it', async () => {
    await becomes(current);
    failuresLeft = 2;
    await abort();
    expect(sent).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(0); // second attempt failed too
    await jest.advanceTimersByTimeAsync(5_000);
    expect(sent.map(s => s.at)).toEqual([2 * COALESCE_MS + 6_000]);
    expect(live.stats).toMatchObject({
      notifications: 1,
      notificationsFailed: 0,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('failed (attempt 2), trying again in 5000 ms'),
    );
  });

  it('gives up after the last wait and logs an error, without throwing', async () => {
    await becomes(current);
    failuresLeft = 3;
    await abort();
    await jest.advanceTimersByTimeAsync(6_000);
    expect(sent).toHaveLength(0);
    expect(live.stats).toMatchObject({
      notifications: 0,
      notificationsFailed: 1,
    });
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/not sent \(3 attempts\): .*unavailable/),
    );
  });

  it('stops waiting to try again when stopped', async () => {
    await becomes(current);
    failuresLeft = 1;
    await abort();
    live.stop();
    await jest.advanceTimersByTimeAsync(0);
    failuresLeft = 0;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(0);
    expect(live.stats.notificationsFailed).toBe(1);
  });

  describe('with claims shared by replicas', () => {
    const LEASE_MS = 30_000;
    let rows: Map<string, { claimedAt: number; sent: boolean }>;
    /**
     * The claims table of NotificationClaims, in memory (its SQL is tested
     * there). With `otherReplica`, another replica claims each event just
     * before this one, and marks it sent or not.
     */
    const claimsOf = (otherReplica?: { sends: boolean }) =>
      ({
        leaseMs: LEASE_MS,
        claim: async (entityRef: string, event: string) => {
          const key = `${entityRef} ${event}`;
          if (otherReplica && !rows.has(key))
            rows.set(key, { claimedAt: Date.now(), sent: otherReplica.sends });
          const row = rows.get(key);
          if (row && (row.sent || Date.now() - row.claimedAt <= LEASE_MS))
            return false;
          rows.set(key, { claimedAt: Date.now(), sent: false });
          return true;
        },
        sent: async (entityRef: string, event: string) => {
          rows.get(`${entityRef} ${event}`)!.sent = true;
        },
        isSent: async (entityRef: string, event: string) =>
          rows.get(`${entityRef} ${event}`)?.sent === true,
      } as unknown as NotificationClaims);

    beforeEach(() => {
      rows = new Map();
      live.stop();
    });

    it('marks the claim sent once the notification went out', async () => {
      live = create({ claims: claimsOf() });
      live.start();
      await becomes(current);
      await abort();
      expect(sent).toHaveLength(1);
      expect([...rows.values()]).toEqual([
        { claimedAt: start + 2 * COALESCE_MS, sent: true },
      ]);
    });

    it('sends it after the lease when the claimant did not (it stopped before sending)', async () => {
      live = create({ claims: claimsOf({ sends: false }) });
      live.start();
      await becomes(current);
      await abort();
      expect(sent).toHaveLength(0);
      expect(live.stats.claimedElsewhere).toBe(1);
      await jest.advanceTimersByTimeAsync(LEASE_MS + TAKEOVER_MARGIN_MS - 1);
      expect(sent).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(sent.map(s => s.at)).toEqual([
        2 * COALESCE_MS + LEASE_MS + TAKEOVER_MARGIN_MS,
      ]);
      expect(live.stats).toMatchObject({
        notifications: 1,
        notificationsTakenOver: 1,
      });
      expect([...rows.values()][0].sent).toBe(true);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('did not send it within 30000 ms'),
      );
    });

    it('checks again after the lease of a replica that took it over and stopped too', async () => {
      live = create({ claims: claimsOf({ sends: false }) });
      live.start();
      await becomes(current);
      await abort();
      const round = LEASE_MS + TAKEOVER_MARGIN_MS;
      // A third replica takes the claim over just before this one, and stops.
      await jest.advanceTimersByTimeAsync(round - 1_000);
      [...rows.values()][0].claimedAt = Date.now();
      await jest.advanceTimersByTimeAsync(1_000);
      expect(sent).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(round);
      expect(sent.map(s => s.at)).toEqual([2 * COALESCE_MS + 2 * round]);
      expect(live.stats.notificationsTakenOver).toBe(1);
      expect([...rows.values()][0].sent).toBe(true);
    });

    it('stops checking after its rounds when every taker stops before sending', async () => {
      live = create({ claims: claimsOf({ sends: false }) });
      live.start();
      await becomes(current);
      await abort();
      const round = LEASE_MS + TAKEOVER_MARGIN_MS;
      // Each time, another replica takes the claim over just before this one.
      for (let i = 0; i < TAKEOVER_ROUNDS; i++) {
        await jest.advanceTimersByTimeAsync(round - 1_000);
        [...rows.values()][0].claimedAt = Date.now();
        await jest.advanceTimersByTimeAsync(1_000);
      }
      await jest.advanceTimersByTimeAsync(3 * round);
      expect(sent).toHaveLength(0);
      expect(live.stats.notificationsTakenOver).toBe(0);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          `still claimed and not marked sent after ${TAKEOVER_ROUNDS} leases`,
        ),
      );
    });

    it('leaves it to the claimant that sent it', async () => {
      live = create({ claims: claimsOf({ sends: true }) });
      live.start();
      await becomes(current);
      await abort();
      await jest.advanceTimersByTimeAsync(3 * LEASE_MS);
      expect(sent).toHaveLength(0);
      expect(live.stats).toMatchObject({
        claimedElsewhere: 1,
        notificationsTakenOver: 0,
      });
    });

    it('does not take over once stopped', async () => {
      live = create({ claims: claimsOf({ sends: false }) });
      live.start();
      await becomes(current);
      await abort();
      live.stop();
      await jest.advanceTimersByTimeAsync(3 * LEASE_MS);
      expect(sent).toHaveLength(0);
      expect(live.stats.notificationsTakenOver).toBe(0);
    });
  });
});
