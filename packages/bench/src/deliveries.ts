/**
 * The Deliveries page's API (`GET /api/rollouts/deliveries`): the first
 * page of the whole fleet, sorted by status, from the watch cache. Counted
 * like the entity views: latency and API-server requests per request at
 * the sender (expected 0: served from the cache).
 */
import { BenchBackend } from './backend';
import { timedFetch } from './http';
import { AdminClient } from './kube';
import { OutboundRequests } from './outboundRequests';
import { Background, countedLoop } from './scenarios';
import { Summary, summarize } from './stats';

export const deliveriesUrl = (b: BenchBackend, query = 'limit=100') =>
  `${b.baseUrl}/api/rollouts/deliveries?${query}`;

export interface DeliveriesResult {
  clusters: number;
  rollouts: number;
  /** The query of the measured page. */
  query: string;
  latency: Summary;
  apiRequestsPerView: number;
  apiReadsPerView: number;
  statuses: Record<string, number>;
  responseBytes: number;
  /** `total` of the response: every delivery the bench user may see. */
  totalDeliveries: number;
  itemsReturned: number;
}

export async function measureDeliveries(options: {
  admin: AdminClient;
  backend: BenchBackend;
  /** Rollouts per cluster. */
  rollouts: number;
  samples: number;
  warmup: number;
  background: Background;
  outbound: OutboundRequests;
  budgetMs: number;
  /** Default: the first page of 100, needs-attention first (the page's default sort). */
  query?: string;
}): Promise<DeliveriesResult> {
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
    statuses: run.statuses,
    responseBytes: run.bytes,
    totalDeliveries: last.body?.total ?? 0,
    itemsReturned: last.body?.items?.length ?? 0,
  };
}
