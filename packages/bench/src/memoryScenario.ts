/**
 * The memory scenario: the backend's heap per cached rollout, as a
 * with/without difference of the same process (the view scenario's
 * controller-managed rollouts, then 10,000 `replicas: 0` rollouts reconciled
 * by a bench instance of the real Argo Rollouts controller).
 */
import { BenchBackend } from './backend';
import { startBenchController } from './controller';
import { timedFetch } from './http';
import { AdminClient, waitFor } from './kube';
import { fmt } from './report';
import { heapUsedAfterGc } from './heapUsedAfterGc';
import { oursViewUrl } from './viewScenario';
import { BenchCluster, names } from './seed';
import { round } from './stats';

/** The heap with the view scenario's controller-managed rollouts cached, and after deleting them. */
async function managedRolloutsHeap(o: {
  log: (line: string) => void;
  admin: AdminClient;
  backend: BenchBackend;
  viewNs: string;
  managed: number;
}) {
  const { backend, log } = o;
  log(
    `memory: heap with ${o.managed} controller-managed rollouts (each with its ReplicaSet and pod) cached`,
  );
  const heapWithManaged = await heapUsedAfterGc();
  log(`  deleting ${o.viewNs}, then measuring the heap without them`);
  await o.admin.request('DELETE', `/api/v1/namespaces/${o.viewNs}`);
  await waitFor(
    `namespace ${o.viewNs} to be gone`,
    async () => {
      try {
        await o.admin.request('GET', `/api/v1/namespaces/${o.viewNs}`);
        return false;
      } catch (e) {
        return (e as any).statusCode === 404;
      }
    },
    { timeoutMs: 10 * 60_000, intervalMs: 1000 },
  );
  await waitFor(
    'the rollouts backend to drop them',
    async () =>
      (await timedFetch(oursViewUrl(backend))).body?.items?.length === 0,
    {
      timeoutMs: 60_000,
      intervalMs: 250,
    },
  );
  const heapBase = await heapUsedAfterGc();
  const managedBytes = (heapWithManaged - heapBase) / o.managed;
  log(
    `  heap ${fmt(heapWithManaged / 2 ** 20)} MiB with, ${fmt(
      heapBase / 2 ** 20,
    )} MiB without`,
  );
  log(
    `  ${fmt(
      managedBytes,
    )} bytes per managed rollout (rollout + ReplicaSet + pod + events + live-update state)`,
  );

  return { heapBase, managedBytes, heapWithManaged };
}

export async function measureMemory(o: {
  log: (line: string) => void;
  admin: AdminClient;
  seeder: BenchCluster;
  backend: BenchBackend;
  /** The view scenario's namespace (replicas 1, controller-managed), measured then deleted; none in a memory-only run. */
  viewNs?: string;
  memNs: string;
  managed: number;
  memoryRollouts: number;
  reconcileTimeoutMs: number;
  kubeconfig: string;
  notes: string[];
}) {
  const { seeder, backend, log } = o;
  const { heapBase, managedBytes, heapWithManaged } = o.viewNs
    ? await managedRolloutsHeap({ ...o, viewNs: o.viewNs })
    : {
        heapBase: await heapUsedAfterGc(),
        managedBytes: 0,
        heapWithManaged: 0,
      };

  const n = o.memoryRollouts;
  // 10k rollouts through the shared Argo controller (40 QPS) would take ~20 min
  // of reconciling on this machine. They are reconciled instead by a second
  // instance of the same real controller binary that the bench starts for
  // its own namespace (--namespaced, --instance-id, higher client QPS); the
  // shared controller ignores them (instance-id label). replicas: 0, so there
  // are no pods: each rollout is its Rollout, its ReplicaSet and its events.
  const instanceId = `gradual-bench-${o.seeder.runId}`;
  const controller = await startBenchController({
    namespace: o.memNs,
    instanceId,
    kubeconfig: o.kubeconfig,
    log,
  });
  try {
    log(
      `  seeding ${n} rollouts (replicas 0) in ${o.memNs}, reconciled by ${controller.description}`,
    );
    const seedStart = Date.now();
    const specs = names('m', 0, n).map(name => ({
      namespace: o.memNs,
      name,
      kubernetesId: 'bench-mem',
      instanceId,
      replicas: 0,
    }));
    let lastLog = Date.now();
    for (let i = 0; i < specs.length; i += 500) {
      await seeder.createRollouts(specs.slice(i, i + 500), 16);
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`    ${Math.min(i + 500, n)}/${n} created`);
      }
    }
    const seedSeconds = (Date.now() - seedStart) / 1000;
    log(
      `  created ${n} rollouts in ${seedSeconds.toFixed(
        0,
      )} s; waiting for the controller to reconcile them (at most ${
        o.reconcileTimeoutMs / 60_000
      } min)`,
    );
    let replicaSets = 0;
    try {
      await waitFor(
        `the controller to create ${n} ReplicaSets`,
        async () => {
          replicaSets = await o.admin.count(
            `/apis/apps/v1/namespaces/${o.memNs}/replicasets`,
          );
          if (Date.now() - lastLog > 15_000) {
            lastLog = Date.now();
            log(`    ${replicaSets}/${n} reconciled (ReplicaSet created)`);
          }
          return replicaSets >= n;
        },
        { timeoutMs: o.reconcileTimeoutMs, intervalMs: 3000 },
      );
    } catch (e) {
      o.notes.push(
        `memory: the bench controller had reconciled ${replicaSets} of ${n} rollouts when the heap was measured (${
          (e as Error).message
        })`,
      );
    }
    const reconcileSeconds = (Date.now() - seedStart) / 1000 - seedSeconds;
    // The last one created is in the cache once the watch delivered it (and all before it).
    await seeder.createRollouts([
      {
        namespace: o.memNs,
        name: 'sentinel',
        kubernetesId: 'bench-sentinel',
        instanceId,
        replicas: 0,
      },
    ]);
    const sentinelUrl = oursViewUrl(backend, {
      kind: 'component',
      namespace: 'default',
      name: 'bench-sentinel',
    });
    await waitFor(
      'the sentinel rollout in the cache',
      async () => (await timedFetch(sentinelUrl)).body?.items?.length === 1,
      {
        timeoutMs: 5 * 60_000,
        intervalMs: 500,
      },
    );
    // Let the last status writes and events of the controller arrive.
    await new Promise(r => setTimeout(r, 5000));
    const heapWith10k = await heapUsedAfterGc();
    const memViewUrl = oursViewUrl(backend, {
      kind: 'component',
      namespace: 'default',
      name: 'bench-mem',
    });
    const check = await timedFetch(memViewUrl);
    const items: any[] = check.body?.items ?? [];
    const phases: Record<string, number> = {};
    for (const i of items) phases[i.phase] = (phases[i.phase] ?? 0) + 1;
    log(
      `  heap ${fmt(
        heapWith10k / 2 ** 20,
      )} MiB with ${n} rollouts (view lists ${items.length} in ${fmt(
        check.ms,
      )} ms; phases ${JSON.stringify(phases)})`,
    );
    if (items.length !== n)
      o.notes.push(
        `memory check: the bench-mem view listed ${items.length} rollouts, expected ${n}`,
      );
    // The figure is a with/without difference of the same backend, both
    // after these rollouts: against the baseline taken before seeding, any
    // other state the process gained or dropped in the meantime (answers
    // held for other views, recorded signals) moved it by ±5 MiB from run
    // to run. The bench-mem view, polled until empty, replaces its own
    // held answer of 10,000 items.
    log(`  deleting ${o.memNs}, then measuring the heap without its rollouts`);
    await seeder.deleteNamespace(o.memNs);
    await waitFor(
      'the rollouts backend to drop the 10,000',
      async () =>
        (await timedFetch(memViewUrl)).body?.items?.length === 0 &&
        (await timedFetch(sentinelUrl)).body?.items?.length === 0,
      { timeoutMs: 10 * 60_000, intervalMs: 1000 },
    );
    const heapWithout10k = await heapUsedAfterGc();
    const bytesPerRollout = (heapWith10k - heapWithout10k) / (n + 1);
    const bytesSinceBaseline = (heapWith10k - heapBase) / (n + 1);
    log(
      `  heap ${fmt(heapWithout10k / 2 ** 20)} MiB without them: ${fmt(
        bytesPerRollout,
      )} bytes per cached rollout (${fmt(
        bytesSinceBaseline,
      )} against the heap before seeding)`,
    );
    o.notes.push(
      `bytesPerCachedRollout: backend heap (after GC) per cached rollout at ${n} rollouts with replicas 0 (the heap with them minus the heap after deleting them and the backend dropping them), each with its ReplicaSet (events are not cached: the detail view reads them), reconciled by a second instance of the real Argo Rollouts controller binary started by the bench for its namespace ` +
        `(--namespaced --instance-id=${instanceId}, client QPS ${
          controller.qps
        }; the shared controller at 40 QPS would need ~20 min for 10k)${
          o.managed
            ? `; ${
                o.managed
              } controller-managed rollouts with replicas 1 (rollout + ReplicaSet + pod) cost ${Math.round(
                managedBytes,
              )} B each`
            : ''
        }`,
    );
    return {
      managed: o.managed
        ? {
            rollouts: o.managed,
            heapWithBytes: heapWithManaged,
            heapWithoutBytes: heapBase,
            bytesPerRollout: Math.round(managedBytes),
          }
        : null,
      at10k: {
        rollouts: n,
        replicas: 0,
        reconciledBy: controller.description,
        replicaSetsCreated: replicaSets,
        phases,
        seedSeconds: round(seedSeconds, 1),
        reconcileSeconds: round(reconcileSeconds, 1),
        heapBytes: heapWith10k,
        heapWithoutBytes: heapWithout10k,
        bytesPerRollout: Math.round(bytesPerRollout),
        bytesPerRolloutSinceBaseline: Math.round(bytesSinceBaseline),
        listedByEntityView: items.length,
        entityViewMs: round(check.ms),
        entityViewBytes: check.bytes,
      },
      heapFor10kMiB: round((heapWith10k - heapWithout10k) / 2 ** 20, 1),
      headlineBytesPerRollout: Math.round(bytesPerRollout),
      rssBytes: process.memoryUsage().rss,
    };
  } finally {
    await controller.stop();
  }
}
