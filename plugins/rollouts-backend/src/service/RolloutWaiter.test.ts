import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { RolloutWaitState } from '@gradual/plugin-rollouts-common';
import { RolloutChangeListener } from '../cache/ClusterCache';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { RolloutWaiter, WaitCluster } from './RolloutWaiter';

const TARGET = {
  entityRef: 'component:default/shop',
  cluster: 'local',
  namespace: 'shop',
  name: 'web',
};

function rollout(
  resourceVersion: string,
  status: Record<string, unknown>,
  extra: { generation?: number } = {},
): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'uid-web',
      resourceVersion,
      generation: extra.generation ?? 2,
    },
    spec: {
      replicas: 1,
      strategy: {
        canary: { steps: [{ setWeight: 25 }, { pause: {} }] },
      },
      template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } },
    },
    status: { observedGeneration: '2', currentStepIndex: 0, ...status },
  } as KubeObject;
}

/** One cluster's cache as the waiter sees it: objects set by the test, change events sent to listeners. */
class CacheOfOneRollout implements WaitCluster {
  readonly name = 'local';
  readonly listeners = new Set<RolloutChangeListener>();
  liveRequests = 0;
  constructor(public current: KubeObject | undefined, private live: string) {}
  rollout() {
    return this.current;
  }
  objectsOf(ro: KubeObject) {
    return {
      rollout: ro,
      replicaSets: [],
      pods: [],
      analysisRuns: [],
      experiments: [],
      events: [],
    };
  }
  onRolloutsChanged(listener: RolloutChangeListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  client = {
    request: async <T>() => {
      this.liveRequests++;
      return { metadata: { resourceVersion: this.live } } as T;
    },
  };
  change(next: KubeObject | undefined) {
    const before = this.current;
    this.current = next;
    for (const l of this.listeners)
      l(this.name, [{ rollout: (next ?? before)!, deleted: !next }]);
  }
}

const waiterOn = (cluster: CacheOfOneRollout) =>
  new RolloutWaiter({
    locate: async () => ({ cluster, rollout: cluster.current! }),
  });

const credentials = mockCredentials.user();
/** Lets the waiter's initial GET and first evaluation run. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('RolloutWaiter', () => {
  it('answers from the cache once the awaited state arrives, with progress on each change', async () => {
    const cache = new CacheOfOneRollout(
      rollout('10', { phase: 'Progressing', message: 'more replicas' }),
      '10',
    );
    const progress: RolloutWaitState[] = [];
    const result = waiterOn(cache).wait(TARGET, credentials, {
      until: 'paused',
      timeoutSeconds: 30,
      onProgress: s => progress.push(s),
    });
    await settle();
    expect(progress.map(p => p.phase)).toEqual(['Progressing']);
    cache.change(
      rollout('11', {
        phase: 'Paused',
        message: 'CanaryPauseStep',
        currentStepIndex: 1,
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 'x' }],
        controllerPause: true,
      }),
    );
    await expect(result).resolves.toMatchObject({
      until: 'paused',
      outcome: 'reached',
      state: { phase: 'Paused', step: { index: 1, count: 2 }, setWeight: 25 },
    });
    expect(progress.map(p => p.phase)).toEqual(['Progressing', 'Paused']);
    expect(cache.liveRequests).toBe(1);
    expect(cache.listeners.size).toBe(0);
  });

  it('ignores a cached state older than the live rollout at the start', async () => {
    // the cache still holds the Healthy state from before a set-image
    const cache = new CacheOfOneRollout(
      rollout('20', { phase: 'Healthy', message: '' }),
      '21',
    );
    const result = waiterOn(cache).wait(TARGET, credentials, {
      until: 'healthy',
      timeoutSeconds: 30,
    });
    await settle();
    cache.change(
      rollout('22', {
        phase: 'Degraded',
        message: 'RolloutAborted: by hand',
        abort: true,
      }),
    );
    await expect(result).resolves.toMatchObject({
      outcome: 'aborted',
      abort: { reason: 'RolloutAborted: by hand' },
    });
  });

  it('ends as a timeout with the last state', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const cache = new CacheOfOneRollout(
        rollout('30', { phase: 'Progressing', message: 'updating' }),
        '30',
      );
      const result = waiterOn(cache).wait(TARGET, credentials, {
        until: 'healthy',
        timeoutSeconds: 5,
      });
      await settle();
      jest.advanceTimersByTime(5000);
      await expect(result).resolves.toMatchObject({
        outcome: 'timeout',
        state: { phase: 'Progressing' },
      });
      expect(cache.listeners.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails when the rollout is deleted while waiting', async () => {
    const cache = new CacheOfOneRollout(
      rollout('40', { phase: 'Progressing', message: '' }),
      '40',
    );
    const result = waiterOn(cache).wait(TARGET, credentials, {
      until: 'healthy',
      timeoutSeconds: 30,
    });
    await settle();
    cache.change(undefined);
    await expect(result).rejects.toThrow(/was deleted while waiting/);
  });

  it('passes on a refused read without subscribing', async () => {
    const cache = new CacheOfOneRollout(undefined, '1');
    const waiter = new RolloutWaiter({
      locate: async () => {
        throw new NotAllowedError('not allowed to rollouts.rollout.read');
      },
    });
    await expect(
      waiter.wait(TARGET, credentials, { until: 'healthy', timeoutSeconds: 1 }),
    ).rejects.toThrow(NotAllowedError);
    expect(cache.listeners.size).toBe(0);
  });

  describe('watch', () => {
    const healthy = (rv: string) =>
      rollout(rv, {
        phase: 'Healthy',
        message: '',
        currentStepIndex: 2,
        stableRS: 'abc',
        currentPodHash: 'abc',
      });

    it('sends the detail now and on each change, not again when equal, and keeps watching at rest until the timeout', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate'] });
      try {
        const cache = new CacheOfOneRollout(
          rollout('50', { phase: 'Progressing', message: 'more replicas' }),
          '50',
        );
        const phases: string[] = [];
        const ended = waiterOn(cache).watch(TARGET, credentials, {
          timeoutSeconds: 60,
          onChange: d => phases.push(`${d.phase}@${d.resourceVersion}`),
        });
        await settle();
        cache.change(healthy('51'));
        cache.change(healthy('51'));
        cache.change(healthy('52'));
        await settle();
        jest.advanceTimersByTime(30_000);
        await settle();
        // at rest for 30 s: still watching
        expect(cache.listeners.size).toBe(1);
        jest.advanceTimersByTime(30_000);
        await expect(ended).resolves.toEqual({
          reason: 'timeout',
          watchedSeconds: 60,
        });
        // the repeated 51 is not sent again; 52 is a change (a new resourceVersion)
        expect(phases).toEqual(['Progressing@50', 'Healthy@51', 'Healthy@52']);
        expect(cache.listeners.size).toBe(0);
        expect(cache.liveRequests).toBe(1);
      } finally {
        jest.useRealTimers();
      }
    });

    it('ends as closed when the client goes away, and fails when the rollout is deleted', async () => {
      const cache = new CacheOfOneRollout(healthy('60'), '60');
      const stop = new AbortController();
      const lines: string[] = [];
      const closed = waiterOn(cache).watch(TARGET, credentials, {
        timeoutSeconds: 3600,
        signal: stop.signal,
        onChange: d => lines.push(d.phase),
      });
      await settle();
      stop.abort();
      await expect(closed).resolves.toMatchObject({ reason: 'closed' });
      expect(lines).toEqual(['Healthy']);

      const deleted = waiterOn(cache).watch(TARGET, credentials, {
        timeoutSeconds: 3600,
        onChange: () => undefined,
      });
      await settle();
      cache.change(undefined);
      await expect(deleted).rejects.toThrow(/was deleted while waiting/);
      expect(cache.listeners.size).toBe(0);
    });
  });
});
