/**
 * `yarn bench:memory-offline`: the backend heap per cached rollout, in
 * seconds and without a cluster. The real watch cache (ClusterCache and its
 * ResourceWatchers, so trimObject and the owner/label indexes) and the
 * transition recorder (which keeps a state per rollout) are fed 10,000
 * distinct Rollouts with their ReplicaSet through a stand-in API server that
 * answers LIST pages with JSON text, as the real one does; the figure is the
 * heap after GC with the cache minus the heap before, per rollout.
 *
 * The objects: by default a replicas-0 Rollout as the bench's memory
 * scenario creates it (seed.ts) and as the Argo Rollouts controller writes
 * it back, with its ReplicaSet; or `--objects <dir>` with `rollout.json` and
 * `replicaset.json` captured from a cluster (`kubectl get -o json`); or
 * `--fixtures <dir>` with the upstream Argo Rollouts `info/testdata/canary`
 * pair (canary-rollout.yaml, stable-rs.yaml). Every copy gets its own name,
 * uid, resourceVersion and pod-template hash.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeHeapSnapshot } from 'node:v8';
import { parse as parseYaml } from 'yaml';
import { KubeObject } from '@gradual/plugin-rollouts-common';
// The watch cache and the recorder are not a published API of the plugin.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { ClusterCache } from '@gradual/plugin-rollouts-backend/src/cache/ClusterCache';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { RolloutsCache } from '@gradual/plugin-rollouts-backend/src/cache/RolloutsCache';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import type { KubeClient } from '@gradual/plugin-rollouts-backend/src/kube/KubeClient';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { TransitionRecorder } from '@gradual/plugin-rollouts-backend/src/deliveries/metrics/TransitionRecorder';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import type { TransitionStore } from '@gradual/plugin-rollouts-backend/src/deliveries/metrics/TransitionStore';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { DeliverySnapshots } from '@gradual/plugin-rollouts-backend/src/deliveries/DeliverySnapshots';
import { INSTANCE_ID_LABEL, names, rolloutManifest } from './seed';

export interface RolloutPair {
  rollout: KubeObject;
  replicaSet: KubeObject;
}

const NAMESPACE = 'gradual-bench-offline-mem';
const CONTROLLER = 'rollouts-controller';

const hashOf = (s: string, length: number) =>
  createHash('sha256').update(s).digest('hex').slice(0, length);

/** A managedFields entry of the size the API server keeps (dropped by the trim, parsed nonetheless). */
function managedFields(manager: string, time: string, fields: unknown) {
  return {
    manager,
    operation: 'Update',
    apiVersion: 'v1',
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  };
}

/**
 * A replicas-0 Rollout of the bench's memory scenario as the controller
 * writes it back once reconciled (revision 1, Healthy, one ReplicaSet), and
 * that ReplicaSet.
 */
export function replicasZeroPair(runId = 'offline'): RolloutPair {
  const name = 'm-00000';
  const manifest = rolloutManifest(runId, {
    namespace: NAMESPACE,
    name,
    kubernetesId: 'bench-mem',
    instanceId: `gradual-bench-${runId}`,
    replicas: 0,
  });
  const created = '2026-12-02T18:00:00Z';
  const uid = '00000000-0000-4000-8000-000000000000';
  const podHash = '5d8f9c7b6d';
  const rsName = `${name}-${podHash}`;
  const condition = (type: string, reason: string, message: string) => ({
    lastTransitionTime: created,
    lastUpdateTime: created,
    message,
    reason,
    status: 'True',
    type,
  });
  const rollout = {
    ...manifest,
    metadata: {
      ...manifest.metadata,
      annotations: { 'rollout.argoproj.io/revision': '1' },
      creationTimestamp: created,
      generation: 1,
      managedFields: [
        managedFields('bench', created, {
          'f:metadata': { 'f:labels': {} },
          'f:spec': { 'f:template': {}, 'f:strategy': {} },
        }),
        managedFields(CONTROLLER, created, {
          'f:status': { 'f:conditions': {}, 'f:canary': {} },
        }),
      ],
      resourceVersion: '1000',
      uid,
    },
    status: {
      blueGreen: {},
      canary: {},
      conditions: [
        condition(
          'Progressing',
          'NewReplicaSetAvailable',
          `ReplicaSet "${rsName}" has successfully progressed.`,
        ),
        condition(
          'Available',
          'AvailableReason',
          'Rollout has minimum availability',
        ),
        condition(
          'Completed',
          'RolloutCompleted',
          `Rollout completed update to revision 1 (${podHash}): Initial deploy`,
        ),
        condition('Healthy', 'RolloutHealthy', 'Rollout is healthy'),
      ],
      currentPodHash: podHash,
      currentStepHash: '5ffbfbbd64',
      currentStepIndex: 2,
      observedGeneration: '1',
      phase: 'Healthy',
      selector: `app=${name}`,
      stableRS: podHash,
    },
  };
  const template = manifest.spec.template;
  const rsLabels = {
    ...template.metadata.labels,
    'rollouts-pod-template-hash': podHash,
  };
  const replicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      annotations: {
        'rollout.argoproj.io/desired-replicas': '0',
        'rollout.argoproj.io/revision': '1',
      },
      creationTimestamp: created,
      generation: 1,
      labels: rsLabels,
      managedFields: [
        managedFields(CONTROLLER, created, {
          'f:metadata': { 'f:annotations': {}, 'f:labels': {} },
          'f:spec': { 'f:replicas': {}, 'f:template': {} },
        }),
      ],
      name: rsName,
      namespace: NAMESPACE,
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          blockOwnerDeletion: true,
          controller: true,
          kind: 'Rollout',
          name,
          uid,
        },
      ],
      resourceVersion: '1001',
      uid: '00000000-0000-4000-9000-000000000000',
    },
    spec: {
      replicas: 0,
      selector: {
        matchLabels: { app: name, 'rollouts-pod-template-hash': podHash },
      },
      template: {
        metadata: { creationTimestamp: null, labels: rsLabels },
        spec: {
          containers: template.spec.containers.map(c => ({
            ...c,
            imagePullPolicy: 'IfNotPresent',
            ports: c.ports.map(p => ({ ...p, protocol: 'TCP' })),
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          })),
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: { observedGeneration: 1, replicas: 0 },
  };
  return {
    rollout: rollout as KubeObject,
    replicaSet: replicaSet as KubeObject,
  };
}

/** A captured pair (`kubectl get rollout … -o json`, `kubectl get rs … -o json`). */
export function capturedPair(dir: string): RolloutPair {
  const read = (f: string) =>
    JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as KubeObject;
  return { rollout: read('rollout.json'), replicaSet: read('replicaset.json') };
}

/** The upstream Argo Rollouts `info/testdata/canary` rollout and its stable ReplicaSet. */
export function upstreamPair(dir: string): RolloutPair {
  const read = (f: string) =>
    parseYaml(fs.readFileSync(path.join(dir, f), 'utf8')) as KubeObject;
  return {
    rollout: read('canary-rollout.yaml'),
    replicaSet: read('stable-rs.yaml'),
  };
}

/**
 * The JSON texts of copy `i` of the pair: every string that names the
 * rollout, its uid, its ReplicaSet's hash and the resourceVersions is made
 * unique, the way each of thousands of real rollouts has its own.
 */
export function pairCopyJson(
  pair: RolloutPair,
  i: number,
  name: string,
): { rollout: string; replicaSet: string } {
  const ro = pair.rollout;
  const rs = pair.replicaSet;
  const oldName = ro.metadata.name;
  const oldHash =
    rs.metadata.labels?.['rollouts-pod-template-hash'] ??
    rs.metadata.name.slice(oldName.length + 1);
  const hash = hashOf(`${name}/template`, oldHash.length);
  const replacements: Array<[string, string]> = [
    [ro.metadata.uid, uuidOf(`${name}/rollout`)],
    [rs.metadata.uid, uuidOf(`${name}/replicaset`)],
    [oldHash, hash],
  ];
  // The name as a whole word (the ReplicaSet's name and the selector contain it).
  const nameRe = new RegExp(
    `(?<![a-z0-9])${oldName.replace(/[.]/g, '\\.')}(?![a-z0-9])`,
    'g',
  );
  const rewrite = (obj: KubeObject, rv: number) => {
    let text = JSON.stringify({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(rv) },
    });
    for (const [from, to] of replacements) text = text.split(from).join(to);
    return text.replace(nameRe, name);
  };
  return {
    rollout: rewrite(ro, 2_000_000 + 2 * i),
    replicaSet: rewrite(rs, 2_000_001 + 2 * i),
  };
}

function uuidOf(s: string): string {
  const h = hashOf(s, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

/**
 * A stand-in for the API server: LIST pages of rollouts and ReplicaSets
 * (JSON text, parsed like a response body), nothing else, and watches that
 * stay open and silent until aborted.
 */
function offlineClient(pages: {
  rollouts: (from: number, limit: number) => string[];
  replicasets: (from: number, limit: number) => string[];
  count: number;
}): KubeClient {
  const client = {
    cluster: 'offline',
    scrub: (text: string) => text,
    close: () => {},
    async request(_method: string, requestPath: string) {
      const [base, search = ''] = requestPath.split('?', 2);
      const params = new URLSearchParams(search);
      const plural = base.split('/').pop() as string;
      const from = Number(params.get('continue') ?? 0);
      const limit = Number(params.get('limit') ?? 500);
      const page =
        plural === 'rollouts' || plural === 'replicasets'
          ? pages[plural](from, Math.min(limit, pages.count - from))
          : [];
      const next = from + limit;
      const more =
        (plural === 'rollouts' || plural === 'replicasets') &&
        next < pages.count;
      return JSON.parse(
        `{"metadata":{"resourceVersion":"3000000"${
          more ? `,"continue":"${next}"` : ''
        }},"items":[${page.join(',')}]}`,
      );
    },
    watch(_path: string, _onEvent: unknown, signal: AbortSignal) {
      return new Promise<void>(resolve => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    },
  };
  return client as unknown as KubeClient;
}

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

async function heapAfterGc(): Promise<number> {
  const gc = (global as any).gc as (() => void) | undefined;
  if (!gc) throw new Error('run node with --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise(r => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

export interface CacheMemoryResult {
  rollouts: number;
  /** Heap of the watch cache (and recorder) per rollout with its ReplicaSet. */
  bytesPerRollout: number;
  /** Of which the transition recorder's state. */
  recorderBytesPerRollout: number;
  /** Extra once the Deliveries page has been read (its per-rollout snapshots), when measured. */
  deliveriesBytesPerRollout?: number;
}

/** Fills a real watch cache with `n` copies of the pair and measures its heap. */
export async function measureCacheMemory(
  pair: RolloutPair,
  n: number,
  options: {
    deliveries?: boolean;
    /** Write a heap snapshot here once the cache is full (to see what weighs). */
    snapshot?: string;
  } = {},
): Promise<CacheMemoryResult> {
  // Names made page by page: a list of them all would weigh on the heap measured.
  const texts =
    (kind: 'rollout' | 'replicaSet') => (from: number, count: number) =>
      names('m', from, count).map(
        (name, k) => pairCopyJson(pair, from + k, name)[kind],
      );
  const client = offlineClient({
    rollouts: texts('rollout'),
    replicasets: texts('replicaSet'),
    count: n,
  });
  const before = await heapAfterGc();
  const cluster = new ClusterCache({
    client,
    logger: silentLogger,
    watch: { silenceMs: 3_600_000 },
  });
  const cache = new RolloutsCache([cluster]);
  const store = { add: async () => true } as unknown as TransitionStore;
  let recorder: TransitionRecorder | undefined = new TransitionRecorder({
    cache,
    store,
    logger: silentLogger,
    debounceMs: 0,
  });
  recorder.start();
  if (!(await cluster.waitForSync(120_000)))
    throw new Error('the offline cache did not sync');
  const counts = cluster.health().counts;
  if (counts.rollouts !== n || counts.replicasets !== n)
    throw new Error(`cached ${JSON.stringify(counts)}, expected ${n} of each`);
  // The recorder summarises each changed rollout after its debounce.
  await new Promise(r => setTimeout(r, 200));
  const withRecorder = await heapAfterGc();
  if (options.snapshot) writeHeapSnapshot(options.snapshot);
  await recorder.stop();
  recorder = undefined;
  const cacheOnly = await heapAfterGc();
  let deliveriesBytesPerRollout: number | undefined;
  if (options.deliveries) {
    const snapshots = new DeliverySnapshots({ cache, logger: silentLogger });
    snapshots.start();
    if (snapshots.all().length !== n) throw new Error('deliveries missing');
    deliveriesBytesPerRollout = ((await heapAfterGc()) - cacheOnly) / n;
    snapshots.stop();
  }
  const result = {
    rollouts: n,
    bytesPerRollout: Math.round((withRecorder - before) / n),
    recorderBytesPerRollout: Math.round((withRecorder - cacheOnly) / n),
    ...(deliveriesBytesPerRollout !== undefined
      ? { deliveriesBytesPerRollout: Math.round(deliveriesBytesPerRollout) }
      : {}),
  };
  await cluster.stop();
  return result;
}

/** `yarn bench:memory-offline` (bin/cache-memory). */
export async function main(argv: string[]) {
  let n = 10_000;
  let pair: RolloutPair | undefined;
  let deliveries = false;
  let snapshot: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = () => inline ?? argv[++i];
    if (flag === '--rollouts') n = Number(value());
    else if (flag === '--objects') pair = capturedPair(path.resolve(value()));
    else if (flag === '--fixtures') pair = upstreamPair(path.resolve(value()));
    else if (flag === '--deliveries') deliveries = true;
    else if (flag === '--heap-snapshot') snapshot = path.resolve(value());
    else {
      process.stdout.write(
        'yarn bench:memory-offline [--rollouts 10000] [--objects <dir with rollout.json, replicaset.json>] [--fixtures <argo-rollouts info/testdata/canary>] [--deliveries] [--heap-snapshot <file>]\n',
      );
      process.exit(flag === '--help' ? 0 : 1);
    }
  }
  pair ??= replicasZeroPair();
  const instanceId = pair.rollout.metadata.labels?.[INSTANCE_ID_LABEL];
  const result = await measureCacheMemory(pair, n, { deliveries, snapshot });
  process.stdout.write(
    `${JSON.stringify({
      ...result,
      rollout: `${pair.rollout.metadata.name}${
        instanceId ? ` (instance ${instanceId})` : ''
      }`,
    })}\n`,
  );
}
