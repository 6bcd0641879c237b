/**
 * The Deliveries page's API (`GET /api/rollouts/deliveries`): the first
 * page of the whole fleet, sorted by status, from the watch cache. Counted
 * like the entity views: latency and API-server requests per request at
 * the sender (expected 0: served from the cache).
 */
import {
  BenchBackend,
  BenchCluster as BenchClusterEntry,
  startBenchBackend,
} from './backend';
import { timedFetch } from './http';
import { AdminClient, waitFor } from './kube';
import { OutboundRequests } from './outboundRequests';
import { fmt } from './report';
import { countedLoop, measureBackground, ViewSampling } from './viewScenario';
import { BenchCluster, KUBERNETES_ID, names } from './seed';
import { round, Summary, summarize } from './stats';

export const deliveriesUrl = (b: BenchBackend, query = 'limit=100') =>
  `${b.baseUrl}/api/rollouts/deliveries?${query}`;

export interface DeliveriesResult {
  clusters: number;
  rollouts: number;
  /** The query of the measured page. */
  query: string;
  latency: Summary;
  /** API-server requests the backend sent per request (at the sender, by its token). */
  apiRequestsPerView: number;
  apiReadsPerView: number;
  /** Those requests by `VERB path`, whole measurement window: shows what sent them. */
  apiRequests: Record<string, number>;
  /** For reference: the shared API server's own counter, background subtracted (noisy). */
  apiserverPerViewBackgroundSubtracted: number;
  /** HTTP statuses of the measured requests. */
  statuses: Record<string, number>;
  /** The response's status counts (of the filtered list). */
  counts?: Record<string, number>;
  responseBytes: number;
  /** `total` of the response: every delivery the bench user may see. */
  totalDeliveries: number;
  itemsReturned: number;
}

export async function measureDeliveries(
  options: ViewSampling & {
    /** Rollouts per cluster. */
    rollouts: number;
    /** Default: the first page of 100, needs-attention first (the page's default sort). */
    query?: string;
  },
): Promise<DeliveriesResult> {
  const { backend } = options;
  const query = options.query ?? 'limit=100&sort=status';
  const call = () => timedFetch(deliveriesUrl(backend, query));
  for (let i = 0; i < options.warmup; i++) await call();
  const run = await countedLoop(
    options.admin,
    options.background,
    options.outbound,
    backend.token,
    options.samples,
    options.budgetMs,
    call,
  );
  const last = await call();
  return {
    clusters: backend.clusters.length,
    rollouts: options.rollouts,
    query,
    latency: summarize(run.latencies),
    apiRequestsPerView: run.requests.perView,
    apiReadsPerView: run.requests.readsPerView,
    apiRequests: run.requests.raw,
    apiserverPerViewBackgroundSubtracted:
      run.requests.apiserver.perViewBackgroundSubtracted,
    statuses: run.statuses,
    counts: last.body?.counts,
    responseBytes: run.bytes,
    totalDeliveries: last.body?.total ?? 0,
    itemsReturned: last.body?.items?.length ?? 0,
  };
}

/** The measured pages: what the Deliveries page asks for, over `total` deliveries. */
export function deliveriesPages(
  total: number,
): Array<{ label: string; query: string }> {
  return [
    { label: 'first page (by status)', query: 'limit=100&sort=status' },
    {
      label: 'last page (by name)',
      query: `limit=100&sort=name&offset=${Math.max(0, total - 100)}`,
    },
    {
      label: 'one owner',
      query: `limit=100&owner=${encodeURIComponent(
        'group:default/fleet-team-3',
      )}`,
    },
    { label: 'free text', query: 'limit=100&q=ro-0042' },
  ];
}

export interface DeliveriesRun {
  clusters: number;
  /** Rollouts per cluster (every cluster entry is the same API server). */
  rollouts: number;
  /** Catalog entities claiming them (owners: 10 groups). */
  entities: number;
  seedSeconds: number;
  /** From the backend's start to every delivery in its cache. */
  cacheReadySeconds: number;
  pages: Array<DeliveriesResult & { label: string }>;
  note: string;
}

const FLEET_ENTITIES = 50;
const FLEET_TEAMS = 10;

function fleetEntity(i: number) {
  const name = `bench-fleet-${i}`;
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
      owner: `group:default/fleet-team-${i % FLEET_TEAMS}`,
      system: `system:default/fleet-system-${i % 5}`,
      lifecycle: 'production',
    },
  };
}

/**
 * `yarn bench --deliveries-only`: the Deliveries page's API at
 * `clusters` × `rollouts`, from the watch cache. Seeds `rollouts` Rollouts
 * (`replicas: 0`, labelled with a controller instance id no controller
 * runs, so the shared Argo controller leaves them alone: a Rollout in the
 * cache is all the page needs) in one namespace, starts one backend whose
 * `clusters` cluster entries all point at the local API server, waits for
 * every delivery in its cache and measures each page of
 * {@link deliveriesPages}: latency, and the API-server requests the
 * backend sent while serving them (expected 0).
 */
export async function runDeliveriesScenario(options: {
  admin: AdminClient;
  seeder: BenchCluster;
  clusterEntries: (n: number, token: string) => BenchClusterEntry[];
  clusters: number;
  rollouts: number;
  samples: number;
  warmup: number;
  budgetMs: number;
  log: (line: string) => void;
}): Promise<DeliveriesRun> {
  const { admin, seeder, log } = options;
  const n = options.rollouts;
  const ns = seeder.namespace('fleet');
  await seeder.createNamespace(ns);
  const instanceId = `gradual-bench-${seeder.runId}-unreconciled`;
  log(
    `deliveries: seeding ${n} rollouts (replicas 0, not reconciled) in ${ns}`,
  );
  const seedStart = Date.now();
  const specs = names('ro', 0, n).map((name, i) => ({
    namespace: ns,
    name,
    // one in 20 is claimed by no entity (listed for admins only)
    kubernetesId:
      i % 20 === 19 ? 'bench-unclaimed' : `bench-fleet-${i % FLEET_ENTITIES}`,
    instanceId,
    replicas: 0,
  }));
  for (let i = 0; i < specs.length; i += 500)
    await seeder.createRollouts(specs.slice(i, i + 500), 16);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  log(`  created in ${seedSeconds.toFixed(0)} s`);

  const token = await seeder.createReader();
  const outbound = new OutboundRequests().start();
  const started = Date.now();
  log(`  starting a backend with ${options.clusters} cluster entries`);
  const backend = await startBenchBackend({
    clusters: options.clusterEntries(options.clusters, token),
    entities: Array.from({ length: FLEET_ENTITIES }, (_, i) => fleetEntity(i)),
    // 10 caches LIST the shared, loaded API server at once: a page of 500
    // can take longer than the default 5 s there.
    requestTimeoutMs: 30_000,
  });
  try {
    const expected = options.clusters * n;
    let seen = 0;
    await waitFor(
      `${expected} deliveries in the backend's cache`,
      async () => {
        const r = await timedFetch(
          deliveriesUrl(backend, `limit=1&namespace=${ns}`),
        );
        seen = r.body?.total ?? 0;
        return seen >= expected;
      },
      { timeoutMs: 15 * 60_000, intervalMs: 1000 },
    );
    const cacheReadySeconds = (Date.now() - started) / 1000;
    log(`  ${seen} deliveries cached after ${cacheReadySeconds.toFixed(0)} s`);
    const background = await measureBackground(admin, 5000);
    const pages: DeliveriesRun['pages'] = [];
    const total = (await timedFetch(deliveriesUrl(backend, 'limit=1'))).body
      ?.total;
    for (const page of deliveriesPages(total ?? expected)) {
      const d = await measureDeliveries({
        admin,
        backend,
        rollouts: n,
        samples: options.samples,
        warmup: options.warmup,
        background,
        outbound,
        budgetMs: options.budgetMs,
        query: page.query,
      });
      pages.push({ label: page.label, ...d });
      log(
        `  ${page.label} (${d.itemsReturned} of ${
          d.totalDeliveries
        }): p50 ${fmt(d.latency.p50)} ms, p95 ${fmt(d.latency.p95)} ms, ${fmt(
          d.apiRequestsPerView,
        )} API-server req/request`,
      );
    }
    return {
      clusters: options.clusters,
      rollouts: n,
      entities: FLEET_ENTITIES,
      seedSeconds: round(seedSeconds, 1),
      cacheReadySeconds: round(cacheReadySeconds, 1),
      pages,
      note: `${options.clusters} cluster entries on the same local API server, ${n} Rollouts each (replicas 0, not reconciled: no status; counts in each page's \`counts\`); ${FLEET_ENTITIES} entities of ${FLEET_TEAMS} owner groups claim 19 in 20 of them, the rest are unclaimed (the bench user may see them); sequential requests; API-server requests counted at the sender by the backend's own token`,
    };
  } finally {
    outbound.stop();
    await backend.stop().catch(e => log(`stopping the backend: ${e}`));
  }
}
