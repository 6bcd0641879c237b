/**
 * `yarn bench`: the Gradual rollouts backend vs. the upstream Kubernetes
 * backend, in one real Backstage backend, on the real local cluster.
 * Prints a table and writes bench/results/latest.json. Never fails on timing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterInfo, ensureClusterUp } from '@gradual/local-cluster';
import { BenchBackend, startBenchBackend } from './backend';
import {
  DeliveriesResult,
  measureDeliveries,
  runDeliveriesScenario,
} from './deliveries';
import { AdminClient, waitFor } from './kube';
import { updateReadme } from './readme';
import { fmt } from './report';
import {
  measureBackground,
  measureViews,
  oursViewUrl,
  ViewResult,
} from './viewScenario';
import { measurePromote, PromoteResult } from './promoteScenario';
import { measurePropagation, PropagationResult } from './propagationScenario';
import {
  BENCH_LABEL,
  BenchCluster,
  KUBERNETES_ID,
  names,
  RolloutSpec,
} from './seed';
import { timedFetch } from './http';
import { OutboundRequests } from './outboundRequests';
import { round } from './stats';
import { dashboardBinary } from './argoDashboard';
import { BrowserClient } from './browserViews';
import { measurePeer, PEER_ENTITY } from './peer';
import { measureReplicas } from './replicas';
import { Options, parseOptions, REPO_ROOT } from './options';
import { measureMemory } from './memoryScenario';
import { renderResults } from './renderResults';

/** The local cluster was started and its API server answers (with the admin token). */
async function apiServerAnswers(): Promise<boolean> {
  try {
    const running = clusterInfo();
    const client = new AdminClient({
      server: running.server,
      token: running.token,
      caPath: running.caPath,
    });
    try {
      await client.request('GET', '/version');
      return true;
    } finally {
      client.close();
    }
  } catch {
    return false;
  }
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function entity(name: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { [KUBERNETES_ID]: name },
    },
    spec: {
      type: 'service',
      owner: 'group:default/bench-team',
      lifecycle: 'production',
    },
  };
}

function pauseSteps(count: number) {
  return Array.from({ length: count }, () => ({ pause: {} }));
}

async function main() {
  const opt = parseOptions(process.argv.slice(2));
  const started = new Date();
  if (!(globalThis as any).gc)
    throw new Error('run through `yarn bench` (node --expose-gc)');

  log('ensuring the local cluster is up');
  // A running cluster is used as it is (nothing the bench does not need is built).
  const info = (await apiServerAnswers())
    ? clusterInfo()
    : await ensureClusterUp({ progress: l => log(l) });
  const admin = new AdminClient({
    server: info.server,
    token: info.token,
    caPath: info.caPath,
  });
  const caData = Buffer.from(fs.readFileSync(info.caPath)).toString('base64');
  /**
   * n cluster entries bench-0…bench-(n-1), all the local API server. Each
   * backend has a token of its own (same ServiceAccount), so the requests
   * it sends are counted apart from everyone else's.
   */
  const clusterEntries = (n: number, token: string) =>
    Array.from({ length: n }, (_, i) => ({
      name: `bench-${i}`,
      url: info.server,
      token,
      caData,
    }));
  const version = await admin.request('GET', '/version');
  const runId = Date.now().toString(36);
  const seeder = new BenchCluster(admin, runId);

  // Leftovers of an interrupted run: older than any run, so that another
  // bench run on the same cluster keeps its namespaces.
  const stale = await admin.listAll(
    `/api/v1/namespaces?labelSelector=${encodeURIComponent(BENCH_LABEL)}`,
  );
  const leftoverAgeMs = 3 * 3600_000;
  for (const ns of stale) {
    const age = Date.now() - Date.parse(ns.metadata.creationTimestamp);
    if (ns.status?.phase !== 'Terminating' && age > leftoverAgeMs) {
      log(`removing leftover namespace ${ns.metadata.name}`);
      await admin
        .request('DELETE', `/api/v1/namespaces/${ns.metadata.name}`)
        .catch(() => {});
    }
  }

  const results: any = {
    date: started.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryBytes: os.totalmem(),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      // The machine is shared: the 1/5/15-minute load when the run started.
      loadAverageAtStart: os.loadavg().map(l => round(l, 2)),
    },
    cluster: {
      kubernetes: version.gitVersion,
      apiServer: info.server,
      note: 'the real local control plane of packages/cluster (kube-apiserver, etcd, controller-manager, scheduler, kwok nodes, the real Argo Rollouts controller); pods are kwok-simulated',
    },
    options: opt,
    notes: [] as string[],
    scenarios: {} as any,
  };
  const notes: string[] = results.notes;
  const peerScenario = async () => {
    log(
      'building / locating kubectl-argo-rollouts (packages/cluster build-binaries.sh rollouts-cli)',
    );
    const binary = await dashboardBinary(REPO_ROOT);
    const browser = await BrowserClient.launch();
    try {
      return await measurePeer({
        admin,
        seeder,
        binary,
        kubeconfig: info.kubeconfigPath,
        clusterEntries,
        entity: entity(PEER_ENTITY),
        rollouts: opt.peerRollouts,
        clusters: opt.clusters,
        samples: opt.peerSamples,
        streamSamples: opt.peerStreamSamples,
        propagationSamples: opt.peerPropagationSamples,
        reconcileMinutes: opt.reconcileMinutes,
        cpuProfileDir: opt.cpuProfileDir,
        browser,
        log,
      });
    } finally {
      await browser.close();
    }
  };
  /**
   * A subset run (one scenario): its figures are merged into the results
   * file next to those of the last full run, each with its own date; the
   * bench objects are cleaned up either way.
   */
  const subsetRun = async (
    name: Parameters<typeof mergeSubsetRun>[1],
    measure: () => Promise<unknown>,
  ) => {
    let scenario;
    try {
      scenario = await measure();
    } finally {
      if (!opt.keep)
        await seeder.cleanup(log).catch(e => log(`cleanup failed: ${e}`));
      admin.close();
    }
    mergeSubsetRun(opt, name, scenario, started, results.machine);
  };
  if (opt.peerOnly) {
    await subsetRun('peer', peerScenario);
    return;
  }
  if (opt.replicasOnly) {
    const postgresUrl = process.env.GRADUAL_TEST_POSTGRES_URL;
    if (!postgresUrl)
      throw new Error(
        '--replicas-only needs GRADUAL_TEST_POSTGRES_URL (a PostgreSQL server for the replicas; ~/.cache/gradual/test-services.env)',
      );
    await subsetRun('replicas', () =>
      measureReplicas({
        seeder,
        appConfig: path.join(REPO_ROOT, 'app-config.yaml'),
        server: info.server,
        caData,
        postgresUrl,
        rollouts: opt.entityRollouts,
        viewSamples: opt.samples,
        propagationSamples: opt.propagationSamples,
        timeoutMs: 30_000,
        log,
      }),
    );
    return;
  }
  if (opt.deliveriesOnly) {
    await subsetRun('deliveries', async () => {
      return runDeliveriesScenario({
        admin,
        seeder,
        clusterEntries,
        clusters: Math.max(...opt.clusters),
        rollouts: Math.max(...opt.sizes),
        samples: opt.samples,
        warmup: opt.warmup,
        budgetMs: opt.viewBudgetSeconds * 1000,
        log,
      });
    });
    return;
  }
  if (opt.memoryOnly) {
    await subsetRun('memory', async () => {
      const memNs = seeder.namespace('mem');
      await seeder.createNamespace(memNs);
      const backend = await startBenchBackend({
        clusters: [
          {
            name: 'bench-0',
            url: info.server,
            token: await seeder.createReader(),
            caData,
          },
        ],
        entities: [entity('bench-sentinel'), entity('bench-mem')],
      });
      try {
        const memory = await measureMemory({
          log,
          admin,
          seeder,
          backend,
          memNs,
          managed: 0,
          memoryRollouts: opt.memoryRollouts,
          reconcileTimeoutMs: opt.reconcileMinutes * 60_000,
          kubeconfig: info.kubeconfigPath,
          notes,
        });
        return { ...memory, notes };
      } finally {
        await backend.stop();
      }
    });
    return;
  }

  const backends: BenchBackend[] = [];
  // Every request the backends send to the API server, by token.
  const outbound = new OutboundRequests().start();
  try {
    const viewNs = seeder.namespace('view');
    const actNs = seeder.namespace('act');
    const memNs = seeder.namespace('mem');
    for (const ns of [viewNs, actNs, memNs]) await seeder.createNamespace(ns);

    const entities = [
      entity('bench-app'),
      entity('bench-act'),
      entity('bench-sentinel'),
      entity('bench-mem'),
    ];
    if (opt.clusters.some(n => n > 1)) {
      notes.push(
        `with more than 1 cluster, the cluster entries bench-0…bench-N are different names for the SAME API server (${info.server}); each plugin treats them as separate clusters`,
      );
    }
    for (const n of opt.clusters) {
      log(
        `starting a backend with ${n} cluster entr${
          n === 1 ? 'y' : 'ies'
        } (Kubernetes plugin + rollouts plugin)`,
      );
      const token = await seeder.createReader();
      backends.push(
        await startBenchBackend({
          clusters: clusterEntries(n, token),
          entities,
        }),
      );
    }
    const primary = backends[0];

    // The canary to promote: created now, so it is Healthy when its turn comes.
    const promoteSteps = Math.max(opt.promoteSamples + 1, 2);
    await seeder.createRollouts([
      {
        namespace: actNs,
        name: 'promote-me',
        kubernetesId: 'bench-act',
        steps: pauseSteps(promoteSteps),
      },
    ]);

    const views: ViewResult[] = [];
    const deliveries: DeliveriesResult[] = [];
    const propagation: PropagationResult[] = [];
    let seeded = 0;
    const entityRollouts = names('ro', 0, opt.entityRollouts);
    notes.push(
      `the viewed entity bench-app owns ${opt.entityRollouts} of the N rollouts (label ${KUBERNETES_ID}=bench-app on the Rollout and its pod template); the others belong to 50 other ids, so N is the size of the cluster, not of the page`,
    );
    for (const n of opt.sizes) {
      const from = seeded;
      const specs: RolloutSpec[] = names('ro', from, n - from).map(
        (name, j) => {
          const i = from + j;
          return {
            namespace: viewNs,
            name,
            kubernetesId:
              i < opt.entityRollouts ? 'bench-app' : `bench-other-${i % 50}`,
          };
        },
      );
      log(
        `seeding ${specs.length} rollouts (total ${n}) in ${viewNs}, replicas 1`,
      );
      const seedStart = Date.now();
      await seeder.createRollouts(specs);
      seeded = n;
      await seeder.waitHealthy(viewNs, n, 20 * 60_000, log);
      log(
        `  ${n} rollouts Healthy after ${(
          (Date.now() - seedStart) /
          1000
        ).toFixed(0)} s`,
      );
      const perPage = Math.min(n, opt.entityRollouts);
      for (const b of backends) {
        await waitFor(
          `the rollouts backend (${b.clusters.length} clusters) to show ${perPage} Healthy rollouts per cluster`,
          async () => {
            const r = await timedFetch(oursViewUrl(b));
            const items = r.body?.items ?? [];
            return (
              items.length === perPage * b.clusters.length &&
              items.every((x: any) => x.phase === 'Healthy')
            );
          },
          { timeoutMs: 120_000, intervalMs: 500 },
        );
      }
      const background = await measureBackground(admin, 5000);
      log(
        `  API server background: ${fmt(
          background.ratePerMs * 1000,
        )} req/s (${fmt(background.readsRatePerMs * 1000)} LIST/GET per s)`,
      );
      for (const b of backends) {
        log(
          `  views: ${b.clusters.length} cluster(s) × ${n} rollouts, ${opt.samples} samples each`,
        );
        const v = await measureViews({
          admin,
          backend: b,
          entity: entity('bench-app'),
          rollouts: n,
          samples: opt.samples,
          warmup: opt.warmup,
          background,
          outbound,
          budgetMs: opt.viewBudgetSeconds * 1000,
        });
        views.push(v);
        // The Deliveries page's API over the whole fleet (10 clusters × 1000 in a full run).
        if (n === opt.sizes[opt.sizes.length - 1]) {
          const d = await measureDeliveries({
            admin,
            backend: b,
            rollouts: n,
            samples: opt.samples,
            warmup: opt.warmup,
            background,
            outbound,
            budgetMs: opt.viewBudgetSeconds * 1000,
          });
          deliveries.push(d);
          log(
            `    deliveries page (${d.totalDeliveries} deliveries): p50 ${fmt(
              d.latency.p50,
            )} ms, p95 ${fmt(d.latency.p95)} ms, ${fmt(
              d.apiRequestsPerView,
            )} API req/request`,
          );
        }
        log(
          `    ours p50 ${fmt(v.ours.latency.p50)} ms, ${fmt(
            v.ours.apiRequestsPerView,
          )} API req/view; kubernetes p50 ${fmt(
            v.kubernetes.latency.p50,
          )} ms, ${fmt(v.kubernetes.apiRequestsPerView)} API req/view`,
        );
      }
      if (
        n === opt.propagationAt ||
        (n === opt.sizes[opt.sizes.length - 1] &&
          !opt.sizes.includes(opt.propagationAt) &&
          !propagation.length)
      ) {
        for (const b of backends) {
          log(
            `  propagation: ${b.clusters.length} cluster(s) × ${n} rollouts, ${opt.propagationSamples} samples`,
          );
          const p = await measurePropagation({
            seeder,
            backend: b,
            namespace: viewNs,
            rolloutNames: entityRollouts.slice(0, perPage),
            rollouts: n,
            samples: opt.propagationSamples,
            timeoutMs: 15_000,
            gapMs: 250,
            progress: log,
          });
          propagation.push(p);
          log(
            `    p50 ${fmt(p.latency.p50)} ms, p95 ${fmt(
              p.latency.p95,
            )} ms, missed ${p.missed}; back to back (${
              p.backToBack.patchesPerSecond
            } PATCHes/s): p50 ${fmt(p.backToBack.latency.p50)} ms, p95 ${fmt(
              p.backToBack.latency.p95,
            )} ms`,
          );
        }
      }
    }
    results.scenarios.views = views;
    results.scenarios.deliveries = deliveries;
    results.scenarios.propagation = propagation;

    log(
      `promote: ${opt.promoteSamples} promotes of a paused canary through the rollouts API (${primary.clusters.length} cluster)`,
    );
    await seeder.waitHealthy(actNs, 1, 5 * 60_000, log);
    let promote: PromoteResult | undefined;
    try {
      promote = await measurePromote({
        seeder,
        backend: primary,
        entity: { kind: 'component', namespace: 'default', name: 'bench-act' },
        cluster: primary.clusters[0],
        namespace: actNs,
        name: 'promote-me',
        samples: opt.promoteSamples,
        progress: log,
      });
      log(
        `  p50 ${fmt(promote.latency.p50)} ms, p95 ${fmt(
          promote.latency.p95,
        )} ms`,
      );
      if (promote.stuck)
        notes.push(
          `promote: ${promote.latency.n} of ${opt.promoteSamples} samples; after the promote at step ${promote.stuck.afterStep} (answered 200) the controller did not pause at a next step within 60 s (see scenarios.promote.stuck)`,
        );
    } catch (e) {
      notes.push(`promote scenario failed: ${(e as Error).message}`);
      log(`  promote failed: ${(e as Error).message}`);
    }
    results.scenarios.promote = promote;

    // Memory: the primary backend (1 cluster) alone in this process.
    for (const b of backends.slice(1)) await b.stop();
    backends.splice(1);
    results.scenarios.memory = await measureMemory({
      log,
      admin,
      seeder,
      backend: primary,
      viewNs,
      memNs,
      managed: seeded,
      memoryRollouts: opt.memoryRollouts,
      reconcileTimeoutMs: opt.reconcileMinutes * 60_000,
      kubeconfig: info.kubeconfigPath,
      notes,
    });

    if (opt.peer) {
      // The primary backend keeps running: the peer scenario's memory figure
      // is a with/without difference of its own caches. The memory
      // scenario deleted its 10,000 rollouts (for its own with/without
      // figure): the dashboard watches only its namespace, our backends the
      // whole cluster, so with them left the cold start would time listing
      // them ten times over.
      try {
        results.scenarios.peer = await peerScenario();
      } catch (e) {
        notes.push(`peer scenario failed: ${(e as Error).message}`);
        log(`  peer scenario failed: ${(e as Error).message}`);
      }
    }

    // Headline figures.
    const v10 =
      views.find(v => v.clusters === 10 && v.rollouts === 200) ??
      views[views.length - 1];
    const p1 = propagation.find(p => p.clusters === 1) ?? propagation[0];
    results.viewSpeedupVsKubernetesBackend = v10 ? v10.speedup : null;
    results.viewSpeedupScenario = v10
      ? `${v10.clusters} clusters × ${v10.rollouts} rollouts`
      : null;
    results.propagationP95Ms = p1 ? p1.latency.p95 : null;
    results.propagationP50Ms = p1 ? p1.latency.p50 : null;
    results.bytesPerCachedRollout =
      results.scenarios.memory?.headlineBytesPerRollout ?? null;
    results.promoteP50Ms = promote ? promote.latency.p50 : null;
    results.promoteP95Ms = promote ? promote.latency.p95 : null;
    results.kubernetesPluginPropagationMs = {
      mean: 5000,
      worst: 10000,
      derived: true,
    };
  } finally {
    outbound.stop();
    for (const b of backends)
      await b.stop().catch(e => log(`stopping a backend: ${e}`));
    if (opt.keep) {
      log(`--keep: leaving the bench namespaces of run ${runId}`);
    } else {
      log('cleaning up');
      results.cleanedUp = await seeder.cleanup(log).catch(e => {
        log(`cleanup failed: ${e}`);
        return false;
      });
    }
    admin.close();
  }
  results.durationSeconds = Math.round((Date.now() - started.getTime()) / 1000);
  fs.mkdirSync(path.dirname(opt.out), { recursive: true });
  fs.writeFileSync(opt.out, `${JSON.stringify(results, null, 2)}\n`);
  if (opt.readme) {
    updateReadme(path.join(REPO_ROOT, 'README.md'), results);
    log('README.md Performance section updated');
  }
  process.stdout.write(
    `${renderResults(results)}\n\nresults: ${path.relative(
      process.cwd(),
      opt.out,
    )}\n`,
  );
}

/**
 * A subset run (`--peer-only`, `--deliveries-only`): its scenario is merged
 * into the results file next to those of the last full run, with its own
 * date (`<name>Run`), and the README is regenerated from the merged file.
 */
function mergeSubsetRun(
  opt: Options,
  name: 'peer' | 'deliveries' | 'memory' | 'replicas',
  scenario: unknown,
  started: Date,
  machine: unknown,
): void {
  const merged = fs.existsSync(opt.out)
    ? JSON.parse(fs.readFileSync(opt.out, 'utf8'))
    : { scenarios: {} };
  merged.scenarios[name] = scenario;
  if (name === 'memory')
    merged.bytesPerCachedRollout = (scenario as any).headlineBytesPerRollout;
  merged[`${name}Run`] = {
    date: started.toISOString(),
    durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine,
    command: `yarn bench ${process.argv.slice(2).join(' ')}`,
  };
  fs.mkdirSync(path.dirname(opt.out), { recursive: true });
  fs.writeFileSync(opt.out, `${JSON.stringify(merged, null, 2)}\n`);
  if (opt.readme) updateReadme(path.join(REPO_ROOT, 'README.md'), merged);
  process.stdout.write(
    `${JSON.stringify(scenario, null, 2)}\n\nresults: ${opt.out}\n`,
  );
}

main().then(
  // Results are written; handles the plugins leave open (timers, agents)
  // must not keep the CLI running.
  () => process.exit(0),
  e => {
    process.stderr.write(`[bench] failed: ${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
