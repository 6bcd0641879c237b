/**
 * The entity view scenario: our rollouts tab's first request against the
 * Kubernetes tab's, timed, with the API-server requests each view costs
 * (counted from the API server's metrics, background subtracted).
 * Nothing here fails on a timing.
 */
import { AdminClient } from './kube';
import {
  parseRequestTotals,
  RequestSample,
  requestDelta,
  total,
} from './apiserverMetrics';
import { BenchBackend } from './backend';
import { OutboundRequests, outboundDelta } from './outboundRequests';
import { timedFetch } from './http';
import { msSince, round, summarize, Summary } from './stats';

export const VIEW_ENTITY = {
  kind: 'component',
  namespace: 'default',
  name: 'bench-app',
};

/** Our entity view of `e` on a backend (or a replica): the rollouts tab's first request. */
export const oursViewUrl = (b: { baseUrl: string }, e = VIEW_ENTITY) =>
  `${b.baseUrl}/api/rollouts/entities/${e.kind}/${e.namespace}/${e.name}/rollouts`;

/** What the Kubernetes tab sends (kubernetes-react `getObjectsByEntity` → `POST /services/:name`). */
export const kubernetesView = (b: BenchBackend, entity: any) => ({
  url: `${b.baseUrl}/api/kubernetes/services/${entity.metadata.name}`,
  init: { method: 'POST', body: { entity, auth: {} } },
});

async function scrape(admin: AdminClient): Promise<RequestSample[]> {
  return parseRequestTotals(await admin.text('/metrics'));
}

export interface RequestCount {
  /** Requests the backend under test sent to the API server in the window (counted at the sender, by its token), per view. */
  perView: number;
  /** LIST + GET requests of those, per view. */
  readsPerView: number;
  /** The backend's requests by `VERB path`, whole window. */
  raw: Record<string, number>;
  /**
   * For reference only: the API server's own counter over the window, minus
   * the idle background rate × window. The cluster is shared (portal, Argo
   * controller, other tests), so this is noisy; it cannot attribute requests.
   */
  apiserver: {
    perViewBackgroundSubtracted: number;
    raw: Record<string, number>;
  };
  windowMs: number;
}

export interface Background {
  ratePerMs: number;
  readsRatePerMs: number;
  raw: Record<string, number>;
  windowMs: number;
}

const isRead = (key: string) =>
  key.startsWith('LIST ') || key.startsWith('GET ');

/** Measures the API server's background request rate over a short idle window. */
export async function measureBackground(
  admin: AdminClient,
  windowMs: number,
): Promise<Background> {
  const before = await scrape(admin);
  const start = process.hrtime.bigint();
  // A measurement window, not a synchronisation wait.
  await new Promise(r => setTimeout(r, windowMs));
  const after = await scrape(admin);
  const ms = msSince(start);
  const delta = requestDelta(before, after);
  return {
    ratePerMs: total(delta) / ms,
    readsRatePerMs: total(delta, isRead) / ms,
    raw: Object.fromEntries(delta),
    windowMs: round(ms),
  };
}

const MIN_SAMPLES = 5;

export async function countedLoop(
  admin: AdminClient,
  background: Background,
  outbound: OutboundRequests,
  token: string,
  samples: number,
  budgetMs: number,
  call: () => Promise<{ ms: number; status: number; bytes: number }>,
): Promise<{
  latencies: number[];
  statuses: Record<string, number>;
  bytes: number;
  requests: RequestCount;
}> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  const before = await scrape(admin);
  const sentBefore = outbound.snapshot(token);
  const start = process.hrtime.bigint();
  // `samples` views, or fewer (at least MIN_SAMPLES) once the time budget
  // is spent: a slow side reports a smaller n, never a timing cut short.
  for (let i = 0; i < samples; i++) {
    if (i >= MIN_SAMPLES && msSince(start) > budgetMs) break;
    const r = await call();
    latencies.push(r.ms);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    bytes = r.bytes;
  }
  const windowMs = msSince(start);
  const views = latencies.length;
  const sent = outboundDelta(sentBefore, outbound.snapshot(token));
  const after = await scrape(admin);
  const delta = requestDelta(before, after);
  return {
    latencies,
    statuses,
    bytes,
    requests: {
      perView: round(total(sent) / views),
      readsPerView: round(total(sent, isRead) / views),
      raw: Object.fromEntries(sent),
      apiserver: {
        perViewBackgroundSubtracted: round(
          Math.max(0, total(delta) - background.ratePerMs * windowMs) / views,
        ),
        raw: Object.fromEntries(delta),
      },
      windowMs: round(windowMs),
    },
  };
}

export interface ViewResult {
  clusters: number;
  rollouts: number;
  ours: {
    latency: Summary;
    apiRequestsPerView: number;
    apiReadsPerView: number;
    statuses: Record<string, number>;
    responseBytes: number;
    itemsReturned: number;
    raw: Record<string, number>;
    apiserverPerViewBackgroundSubtracted: number;
  };
  kubernetes: {
    latency: Summary;
    apiRequestsPerView: number;
    apiReadsPerView: number;
    statuses: Record<string, number>;
    responseBytes: number;
    raw: Record<string, number>;
    apiserverPerViewBackgroundSubtracted: number;
  };
  /** kubernetes p50 / ours p50 */
  speedup: number;
}

/** How a view is sampled, and its API-server requests counted. */
export interface ViewSampling {
  admin: AdminClient;
  backend: BenchBackend;
  samples: number;
  warmup: number;
  background: Background;
  outbound: OutboundRequests;
  /** Time budget of each side's samples (at least 5 are taken). */
  budgetMs: number;
}

export async function measureViews(
  options: ViewSampling & { entity: any; rollouts: number },
): Promise<ViewResult> {
  const { admin, backend, entity, samples, warmup, background, outbound } =
    options;
  const ours = () => timedFetch(oursViewUrl(backend));
  const k = kubernetesView(backend, entity);
  const theirs = () => timedFetch(k.url, k.init);
  for (let i = 0; i < warmup; i++) {
    await ours();
    await theirs();
  }
  const count = (call: typeof ours) =>
    countedLoop(
      admin,
      background,
      outbound,
      backend.token,
      samples,
      options.budgetMs,
      call,
    );
  const oursRun = await count(ours);
  const last = await ours();
  const theirsRun = await count(theirs);
  const o = summarize(oursRun.latencies);
  const t = summarize(theirsRun.latencies);
  return {
    clusters: backend.clusters.length,
    rollouts: options.rollouts,
    ours: {
      latency: o,
      apiRequestsPerView: oursRun.requests.perView,
      apiReadsPerView: oursRun.requests.readsPerView,
      statuses: oursRun.statuses,
      responseBytes: oursRun.bytes,
      itemsReturned: last.body?.items?.length ?? 0,
      raw: oursRun.requests.raw,
      apiserverPerViewBackgroundSubtracted:
        oursRun.requests.apiserver.perViewBackgroundSubtracted,
    },
    kubernetes: {
      latency: t,
      apiRequestsPerView: theirsRun.requests.perView,
      apiReadsPerView: theirsRun.requests.readsPerView,
      statuses: theirsRun.statuses,
      responseBytes: theirsRun.bytes,
      raw: theirsRun.requests.raw,
      apiserverPerViewBackgroundSubtracted:
        theirsRun.requests.apiserver.perViewBackgroundSubtracted,
    },
    speedup: round(t.p50 / o.p50, 1),
  };
}
