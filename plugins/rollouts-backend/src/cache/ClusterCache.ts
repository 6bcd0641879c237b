import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeClient } from '../kube/KubeClient';
import { RESOURCE_TYPES, ResourceType } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import {
  ObjectChange,
  ResourceWatcher,
  WatcherOptions,
} from './ResourceWatcher';
import { RolloutEvents } from './RolloutEvents';
import {
  KUBERNETES_ID_ANNOTATION,
  RolloutNetworking,
} from '@gradual/plugin-rollouts-common';
import { summarizeNetworking } from './networking';
import { GroupIndex } from './GroupIndex';

export type ResourceKey = ResourceType['key'];

/** The objects of one rollout, as the status model takes them. */
export interface RolloutObjectSet {
  rollout: KubeObject;
  replicaSets: KubeObject[];
  pods: KubeObject[];
  analysisRuns: KubeObject[];
  experiments: KubeObject[];
  /** The Deployment of `spec.workloadRef`, when cached. */
  workload?: KubeObject;
}

const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

/** `namespace/name` of the Deployment a rollout's `spec.workloadRef` names. */
function workloadKey(rollout: KubeObject | undefined): string | undefined {
  const ref = rollout?.spec?.workloadRef;
  if (!ref?.name || (ref.kind && ref.kind !== 'Deployment')) return undefined;
  return `${rollout!.metadata.namespace}/${ref.name}`;
}

export interface ClusterHealth {
  name: string;
  title?: string;
  status: 'ok' | 'error';
  message?: string;
  /** Objects cached per resource type. */
  counts: Record<string, number>;
}

/** Listener for changed rollouts: the rollouts whose own objects changed. */
export type RolloutChangeListener = (
  cluster: string,
  rollouts: Array<{ rollout: KubeObject; deleted: boolean }>,
) => void;

type OwnerReference = NonNullable<
  KubeObject['metadata']['ownerReferences']
>[number];

/** The cached types an owner reference of a rollout's objects names. */
const OWNER_TYPES: Record<string, ResourceKey | undefined> = {
  Rollout: 'rollouts',
  ReplicaSet: 'replicasets',
  Experiment: 'experiments',
};

/** The owner UIDs an object hangs off, for the indexes. */
function ownerUids(obj: KubeObject): string[] {
  return (obj.metadata.ownerReferences ?? []).map(r => r.uid);
}

/**
 * The watch cache of one cluster: one watcher per resource type, indexes by
 * owner UID, and health. Reads are synchronous and never touch the network.
 */
export class ClusterCache {
  readonly name: string;
  readonly title?: string;
  readonly client: KubeClient;
  /** Events of a rollout, read on demand (not watched). */
  readonly #events: RolloutEvents;
  readonly #watchers: Map<ResourceKey, ResourceWatcher>;
  /** type → owner uid → its objects */
  readonly #byOwner = new Map<ResourceKey, GroupIndex>();
  readonly #listeners = new Set<RolloutChangeListener>();
  /** Rollouts by their `backstage.io/kubernetes-id` label value. */
  readonly #byKubernetesId = new GroupIndex();
  /** Rollouts by the `namespace/name` of their workloadRef Deployment. */
  readonly #byWorkload = new GroupIndex();
  /** performance.now() of the last time a failed watcher reached the API server again. */
  #recoveredAt = 0;
  #started = false;

  constructor(options: {
    client: KubeClient;
    title?: string;
    logger: LoggerService;
    watch: WatcherOptions;
    types?: ResourceType[];
  }) {
    this.client = options.client;
    this.name = options.client.cluster;
    this.title = options.title;
    this.#events = new RolloutEvents({
      list: path => options.client.request('GET', path),
    });
    this.#watchers = new Map(
      (options.types ?? RESOURCE_TYPES).map(type => [
        type.key,
        new ResourceWatcher({
          client: options.client,
          type,
          logger: options.logger,
          watch: options.watch,
          onChange: changes => this.#ingest(type.key, changes),
          onRecovered: () => this.#recovered(),
        }),
      ]),
    );
    for (const key of this.#watchers.keys()) {
      this.#byOwner.set(key, new GroupIndex());
    }
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const w of this.#watchers.values()) w.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#watchers.values()].map(w => w.stop()));
    this.client.close();
  }

  /** Forces every watcher to relist. */
  relist(): void {
    for (const w of this.#watchers.values()) w.restart();
  }

  /** The watcher of one resource type (operations and tests). */
  watcher(type: ResourceKey): ResourceWatcher | undefined {
    return this.#watchers.get(type);
  }

  onRolloutsChanged(listener: RolloutChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  watcherStats() {
    return Object.fromEntries(
      [...this.#watchers].map(([k, w]) => [k, { ...w.stats, state: w.state }]),
    );
  }

  /**
   * Waits until the required resource types have been listed once, at most
   * `timeoutMs`. Returns whether they are.
   */
  async waitForSync(timeoutMs: number): Promise<boolean> {
    this.start();
    const required = [...this.#watchers.values()].filter(w => w.type.required);
    if (required.every(w => w.state === 'synced')) return true;
    // Already failed once: answer now from what we have, the watcher keeps retrying.
    if (required.some(w => w.state === 'error')) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>(resolve => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const synced = Promise.all(required.map(w => w.synced)).then(
      () => true as const,
    );
    try {
      return await Promise.race([synced, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  health(): ClusterHealth {
    const problems: string[] = [];
    let status: 'ok' | 'error' = 'ok';
    const counts: Record<string, number> = {};
    for (const [key, w] of this.#watchers) {
      counts[key] = w.size;
      if (w.state === 'error') {
        // An optional type whose failure predates the API server coming back
        // is retrying now (see #recovered): not a problem to report yet.
        if (!w.type.required && w.errorAt < this.#recoveredAt) continue;
        problems.push(`${key}: ${w.error}`);
        if (w.type.required) status = 'error';
      } else if (w.state === 'absent') {
        // a CRD this cluster does not have (e.g. no Istio): nothing to report
      } else if (w.state === 'starting' && w.type.required) {
        status = 'error';
        problems.push(`${key}: not synced yet`);
      }
    }
    return {
      name: this.name,
      title: this.title,
      status,
      message: problems.length ? problems.join('; ') : undefined,
      counts,
    };
  }

  /**
   * Rollouts matching a predicate. With `kubernetesId`, only the rollouts
   * carrying that `backstage.io/kubernetes-id` label are considered (an
   * index: an entity view costs its own rollouts, not the cluster's).
   */
  rollouts(
    filter: (rollout: KubeObject) => boolean,
    kubernetesId?: string,
  ): KubeObject[] {
    const candidates =
      kubernetesId === undefined
        ? this.#watchers.get('rollouts')!.items()
        : this.#byKubernetesId.get(kubernetesId);
    const result: KubeObject[] = [];
    for (const r of candidates) {
      if (filter(r)) result.push(r);
    }
    return result;
  }

  /** Keeps the rollout indexes (kubernetes-id label, workloadRef) up to date. */
  #indexRollout(
    previous: KubeObject | undefined,
    next: KubeObject | undefined,
  ) {
    const reindex = (
      index: GroupIndex,
      keyOf: (ro: KubeObject | undefined) => string | undefined,
    ) => {
      const oldKey = keyOf(previous);
      if (previous && oldKey !== undefined)
        index.delete(oldKey, previous.metadata.uid);
      const newKey = keyOf(next);
      if (next && newKey !== undefined) index.add(newKey, next);
    };
    reindex(
      this.#byKubernetesId,
      ro => ro?.metadata.labels?.[KUBERNETES_ID_ANNOTATION],
    );
    reindex(this.#byWorkload, workloadKey);
  }

  rollout(namespace: string, name: string): KubeObject | undefined {
    return this.#watchers.get('rollouts')!.get(namespace, name);
  }

  /** The rollout with everything it owns, directly or through ReplicaSets / Experiments. */
  objectsOf(rollout: KubeObject): RolloutObjectSet {
    const uid = rollout.metadata.uid;
    const owned = (type: ResourceKey, owner: string) =>
      this.#byOwner.get(type)?.get(owner) ?? [];
    const replicaSets = owned('replicasets', uid);
    const experiments = owned('experiments', uid);
    const pods = replicaSets.flatMap(rs => owned('pods', rs.metadata.uid));
    const experimentRs = experiments.flatMap(e =>
      owned('replicasets', e.metadata.uid),
    );
    const experimentPods = experimentRs.flatMap(rs =>
      owned('pods', rs.metadata.uid),
    );
    const analysisRuns = [
      ...owned('analysisruns', uid),
      ...experiments.flatMap(e => owned('analysisruns', e.metadata.uid)),
    ];
    const key = workloadKey(rollout);
    const workload = key
      ? this.#watchers.get('deployments')?.get(...splitKey(key))
      : undefined;
    return {
      ...(workload ? { workload } : {}),
      rollout,
      replicaSets: [...replicaSets, ...experimentRs],
      pods: [...pods, ...experimentPods],
      analysisRuns,
      experiments,
    };
  }

  /**
   * The events of the rollout and of its ReplicaSets, from the API server
   * (a few seconds' cache per rollout): what the detail view shows.
   */
  eventsOf(rollout: KubeObject): Promise<KubeObject[]> {
    const replicaSets =
      this.#byOwner.get('replicasets')?.get(rollout.metadata.uid) ?? [];
    return this.#events.of(rollout, replicaSets);
  }

  /** A watcher reached the API server again: the failed others retry now, not after their backoff. */
  #recovered(): void {
    this.#recoveredAt = performance.now();
    for (const w of this.#watchers.values()) w.retryNow();
  }

  /** The Services, Ingresses and VirtualServices the rollout references (from the cache). */
  networkingOf(rollout: KubeObject): RolloutNetworking {
    const ns = rollout.metadata.namespace ?? '';
    return summarizeNetworking(rollout, (type, name) =>
      this.#watchers.get(type)?.get(ns, name),
    );
  }

  #ingest(type: ResourceKey, changes: ObjectChange[]): void {
    const byOwner = this.#byOwner.get(type)!;
    /** owner uid → the namespace and reference it was named by */
    const touchedOwners = new Map<string, [string, OwnerReference]>();
    const touch = (o: KubeObject) => {
      for (const ref of o.metadata.ownerReferences ?? [])
        touchedOwners.set(ref.uid, [o.metadata.namespace ?? '', ref]);
    };
    for (const { object, previous, deleted } of changes) {
      if (type === 'rollouts') {
        this.#indexRollout(previous, deleted ? undefined : object);
      }
      if (previous) {
        for (const owner of ownerUids(previous))
          byOwner.delete(owner, previous.metadata.uid);
        touch(previous);
      }
      if (!deleted) {
        for (const owner of ownerUids(object)) byOwner.add(owner, object);
        touch(object);
      }
    }
    if (!this.#listeners.size) return;
    const affected = new Map<
      string,
      { rollout: KubeObject; deleted: boolean }
    >();
    if (type === 'rollouts') {
      for (const { object, deleted } of changes)
        affected.set(object.metadata.uid, { rollout: object, deleted });
    } else if (type === 'deployments') {
      for (const { object } of changes) {
        const key = `${object.metadata.namespace}/${object.metadata.name}`;
        for (const r of this.#byWorkload.get(key))
          affected.set(r.metadata.uid, { rollout: r, deleted: false });
      }
    } else {
      for (const [namespace, ref] of touchedOwners.values()) {
        for (const r of this.#rolloutsOwning(namespace, ref))
          affected.set(r.metadata.uid, { rollout: r, deleted: false });
      }
    }
    if (affected.size) {
      for (const l of this.#listeners) l(this.name, [...affected.values()]);
    }
  }

  /**
   * Walks up owner references (ReplicaSet / Experiment → Rollout) to the
   * rollouts, finding each owner by its namespace and name (and uid).
   */
  #rolloutsOwning(
    namespace: string,
    ref: OwnerReference,
    depth = 0,
  ): KubeObject[] {
    const type = ref.kind ? OWNER_TYPES[ref.kind] : undefined;
    if (!type || !ref.name) return [];
    const owner = this.#watchers.get(type)?.get(namespace, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) return [];
    if (type === 'rollouts') return [owner];
    if (depth > 2) return [];
    return (owner.metadata.ownerReferences ?? []).flatMap((r: OwnerReference) =>
      this.#rolloutsOwning(namespace, r, depth + 1),
    );
  }
}
