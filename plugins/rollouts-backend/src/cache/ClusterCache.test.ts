import { mockServices } from '@backstage/backend-test-utils';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { KubeClient } from '../kube/KubeClient';
import { WatchEvent } from '../kube/types';
import { ClusterCache } from './ClusterCache';

/** An API server stand-in: LIST answers from `lists`, watch events pushed by the test. */
function fakeClient(lists: Record<string, KubeObject[]>) {
  const watchers = new Map<string, (e: WatchEvent) => void>();
  const client = {
    cluster: 'test',
    scrub: (t: string) => t,
    close: () => {},
    async request(_method: string, path: string) {
      const plural = path.split('?')[0].split('/').pop()!;
      return {
        metadata: { resourceVersion: '1' },
        items: structuredClone(lists[plural] ?? []),
      };
    },
    watch(path: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal) {
      watchers.set(path.split('?')[0].split('/').pop()!, onEvent);
      return new Promise<void>(resolve =>
        signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    },
  };
  const push = async (plural: string, event: WatchEvent) => {
    for (let i = 0; i < 50 && !watchers.has(plural); i++)
      await new Promise(r => setTimeout(r, 10));
    watchers.get(plural)!(structuredClone(event));
  };
  return { client: client as unknown as KubeClient, push };
}

const rollout = (name: string, uid: string, id = 'app'): KubeObject => ({
  kind: 'Rollout',
  metadata: {
    name,
    namespace: 'ns',
    uid,
    resourceVersion: '1',
    labels: { 'backstage.io/kubernetes-id': id },
  },
  spec: { strategy: { canary: {} } },
});
const owned = (
  kind: string,
  name: string,
  uid: string,
  owner: { kind: string; name: string; uid: string },
  rv = '1',
): KubeObject => ({
  kind,
  metadata: {
    name,
    namespace: 'ns',
    uid,
    resourceVersion: rv,
    ownerReferences: [{ apiVersion: 'v1', controller: true, ...owner }],
  },
});

describe('ClusterCache indexes', () => {
  it('finds owned objects, follows changes up to their rollout, and forgets deleted ones', async () => {
    const ro = rollout('web', 'ro-1');
    const rs1 = owned('ReplicaSet', 'web-1', 'rs-1', {
      kind: 'Rollout',
      name: 'web',
      uid: 'ro-1',
    });
    const rs2 = owned('ReplicaSet', 'web-2', 'rs-2', {
      kind: 'Rollout',
      name: 'web',
      uid: 'ro-1',
    });
    const pod = owned('Pod', 'web-1-a', 'pod-1', {
      kind: 'ReplicaSet',
      name: 'web-1',
      uid: 'rs-1',
    });
    const { client, push } = fakeClient({
      rollouts: [ro, rollout('other', 'ro-2', 'other')],
      replicasets: [rs1, rs2],
      pods: [pod],
    });
    const cache = new ClusterCache({
      client,
      logger: mockServices.logger.mock(),
      watch: { silenceMs: 60_000 },
    });
    const changed: string[][] = [];
    cache.onRolloutsChanged((_c, changes) =>
      changed.push(changes.map(c => c.rollout.metadata.name)),
    );
    try {
      expect(await cache.waitForSync(5000)).toBe(true);
      const cached = cache.rollout('ns', 'web')!;
      const objects = cache.objectsOf(cached);
      expect(objects.replicaSets.map(r => r.metadata.uid).sort()).toEqual([
        'rs-1',
        'rs-2',
      ]);
      expect(objects.pods.map(p => p.metadata.uid)).toEqual(['pod-1']);
      expect(
        cache.rollouts(() => true, 'app').map(r => r.metadata.uid),
      ).toEqual(['ro-1']);
      expect(cache.health().counts).toMatchObject({
        rollouts: 2,
        replicasets: 2,
        pods: 1,
      });

      // A pod changes: its rollout (through the ReplicaSet) is reported.
      changed.length = 0;
      await push('pods', {
        type: 'MODIFIED',
        object: { ...pod, metadata: { ...pod.metadata, resourceVersion: '2' } },
      });
      expect(changed).toEqual([['web']]);
      expect(cache.objectsOf(cached).pods[0].metadata.resourceVersion).toBe(
        '2',
      );

      // A ReplicaSet goes: it leaves the rollout's objects, and its pod with it.
      changed.length = 0;
      await push('replicasets', { type: 'DELETED', object: rs1 });
      expect(changed).toEqual([['web']]);
      expect(
        cache.objectsOf(cached).replicaSets.map(r => r.metadata.uid),
      ).toEqual(['rs-2']);
      expect(cache.objectsOf(cached).pods).toEqual([]);

      // An owner reference to an object of another uid (same name) is not followed.
      changed.length = 0;
      await push('replicasets', {
        type: 'ADDED',
        object: owned('ReplicaSet', 'web-3', 'rs-3', {
          kind: 'Rollout',
          name: 'web',
          uid: 'ro-old',
        }),
      });
      expect(changed).toEqual([]);

      // The rollout's label changes: the kubernetes-id index follows.
      await push('rollouts', {
        type: 'MODIFIED',
        object: rollout('web', 'ro-1', 'renamed'),
      });
      expect(cache.rollouts(() => true, 'app')).toEqual([]);
      expect(cache.rollouts(() => true, 'renamed')).toHaveLength(1);

      await push('rollouts', {
        type: 'DELETED',
        object: rollout('web', 'ro-1', 'renamed'),
      });
      expect(cache.rollout('ns', 'web')).toBeUndefined();
      expect(cache.rollouts(() => true, 'renamed')).toEqual([]);
      expect(cache.rollouts(() => true).map(r => r.metadata.name)).toEqual([
        'other',
      ]);
    } finally {
      await cache.stop();
    }
  });
});
