/**
 * The measurements. Each returns plain data for the results file; nothing
 * here fails on a timing.
 */
import { AdminClient, waitFor } from './kube';
import {
  parseRequestTotals,
  RequestSample,
  requestDelta,
  total,
} from './apiserverMetrics';
import { BenchBackend } from './backend';
import { OutboundRequests, outboundDelta } from './outboundRequests';
import { timedFetch } from './http';
import { BenchCluster as Seeder } from './seed';
import { OffThreadReceiver, OffThreadSource } from './offThreadReceiver';
import { msSince, round, summarize, Summary } from './stats';
import { LiveStages, StageBreakdown } from './liveStages';

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

export async function measureViews(options: {
  admin: AdminClient;
  backend: BenchBackend;
  entity: any;
  rollouts: number;
  samples: number;
  warmup: number;
  background: Background;
  outbound: OutboundRequests;
  /** Time budget of each side's samples (at least 5 are taken). */
  budgetMs: number;
}): Promise<ViewResult> {
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

export interface PropagationResult {
  clusters: number;
  rollouts: number;
  /**
   * PATCH sent → message received by a WebSocket client subscribed through
   * the real signals backend; each PATCH after a pause of `gapMs`–2×`gapMs`.
   */
  latency: Summary;
  gapMs: number;
  /** The same, each PATCH as soon as the previous one was received (a closed loop). */
  backToBack: { latency: Summary; patchesPerSecond: number };
  /** PATCH sent → the rollouts backend publishes the signal (server side only). */
  publishLatency: Summary;
  /** PATCH round trip alone (the write the change is). */
  patchLatency: Summary;
  missed: number;
  /** What `latency` measures (client delivery, or publish only when the WebSocket could not be used). */
  measuredAt: 'websocket-client' | 'backend-publish';
  /** Where the time goes, stage by stage (the backend's trace channel). */
  stages: StageBreakdown;
  kubernetesPollingDerived: {
    intervalMs: number;
    meanMs: number;
    worstMs: number;
    note: string;
  };
}

/**
 * A subscriber of the real signals backend over its WebSocket, like the
 * frontend's signal API: connects to /api/signals (unauthenticated = the
 * guest user, who is also the bench's viewer) and subscribes to a channel.
 * It receives on its own thread, as a browser does in its own process.
 */
export class SignalClient {
  readonly #receiver: OffThreadReceiver;
  #waiters = new Set<{
    match: (d: any) => boolean;
    resolve: (at: bigint | undefined) => void;
  }>();

  private constructor(source: OffThreadSource) {
    this.#receiver = new OffThreadReceiver(source, (at, text) =>
      this.#message(at, text),
    );
  }

  #message(at: bigint, text: string) {
    let data: any;
    try {
      data = JSON.parse(text);
    } catch {
      return;
    }
    for (const w of this.#waiters) {
      if (w.match(data)) {
        this.#waiters.delete(w);
        w.resolve(at);
      }
    }
  }

  static async connect(
    baseUrl: string,
    channel: string,
    attempts = 5,
    /** A Backstage token (the WebSocket protocol, as the frontend sends it); none = unauthenticated. */
    token?: string,
  ): Promise<SignalClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/signals`;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      const client = new SignalClient({
        kind: 'websocket',
        url,
        ...(token ? { protocols: [token] } : {}),
        send: JSON.stringify({ action: 'subscribe', channel }),
      });
      const receiver = client.#receiver;
      try {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          receiver.opened,
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error('no WebSocket handshake within 3 s')),
              3000,
            );
          }),
        ]).finally(() => clearTimeout(timer));
        return client;
      } catch (e) {
        last = e;
        await receiver.close();
      }
    }
    throw new Error(`cannot subscribe to ${url}: ${last}`);
  }

  /** hrtime of the first message from now on that matches, or undefined after `timeoutMs`. */
  next(
    match: (data: any) => boolean,
    timeoutMs: number,
  ): Promise<bigint | undefined> {
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const waiter = {
        match,
        resolve: (at: bigint | undefined) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        resolve(undefined);
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  close(): void {
    this.#receiver.close().catch(() => {});
  }
}

/**
 * Patches an annotation on one of the entity's rollouts (rotating) and times
 * from just before the PATCH until a WebSocket client subscribed to the
 * entity's channel through the real signals backend receives the message
 * naming that rollout (and, separately, until the backend publishes it).
 */
export async function measurePropagation(options: {
  seeder: Seeder;
  backend: BenchBackend;
  namespace: string;
  rolloutNames: string[];
  rollouts: number;
  samples: number;
  timeoutMs: number;
  /** The least pause before each paced PATCH (at most twice this). */
  gapMs: number;
  progress: (l: string) => void;
}): Promise<PropagationResult> {
  const { seeder, backend, namespace, rolloutNames, samples } = options;
  // A user view subscribes the entity for live updates.
  const view = await timedFetch(oursViewUrl(backend));
  if (view.status !== 200) throw new Error(`view answered ${view.status}`);
  const channel = 'rollouts:component:default/bench-app';
  const names = (m: any) =>
    (m?.rollouts ?? []) as Array<{ name: string; namespace: string }>;
  const about = (m: any, name: string) =>
    names(m).some(r => r.name === name && r.namespace === namespace);
  const TICK = 'gradual.dev/bench-tick';
  const tick = (value: string) => ({
    metadata: { annotations: { [TICK]: value } },
  });

  let client: SignalClient | undefined;
  try {
    client = await SignalClient.connect(backend.baseUrl, channel);
    // Warm-up: the subscription is in place once one change arrives.
    const got = client.next(
      d => d?.channel === channel && about(d.message, rolloutNames[0]),
      options.timeoutMs,
    );
    await seeder.patchRollout(
      namespace,
      rolloutNames[0],
      tick(`${Date.now()}-warmup`),
    );
    if (!(await got))
      throw new Error(
        `no message within ${options.timeoutMs} ms after the warm-up change`,
      );
  } catch (e) {
    options.progress(
      `    WebSocket client unusable (${
        (e as Error).message
      }); timing the backend publish only`,
    );
    client?.close();
    client = undefined;
  }

  const latencies: number[] = [];
  const publishes: number[] = [];
  const patches: number[] = [];
  const backToBack: number[] = [];
  let missed = 0;
  const stages = new LiveStages(namespace);
  let breakdown: StageBreakdown | undefined;
  /** One PATCH, timed until the client (or the backend's publish) names it. */
  const sample = async (i: number, record: boolean) => {
    const name = rolloutNames[i % rolloutNames.length];
    const published = backend.signals.next(
      s => s.channel === channel && about(s.message, name),
      options.timeoutMs,
    );
    const received = client?.next(
      d => d?.channel === channel && about(d.message, name),
      options.timeoutMs,
    );
    const value = `${Date.now()}-${i}`;
    const start = process.hrtime.bigint();
    await seeder.patchRollout(namespace, name, tick(value));
    const patchMs = msSince(start);
    const [p, r] = await Promise.all([published, received]);
    const got = client ? r : p?.at;
    if (!record) return got ? Number(got - start) / 1e6 : undefined;
    patches.push(patchMs);
    stages.sample({
      name,
      annotation: TICK,
      value,
      patchAt: start,
      clientAt: r,
    });
    if (p) publishes.push(Number(p.at - start) / 1e6);
    if (!got) {
      missed++;
      return undefined;
    }
    return Number(got - start) / 1e6;
  };
  const pause = (ms: number) => new Promise(r => setTimeout(r, ms));
  let backToBackSeconds = 0;
  try {
    // A user's change: each PATCH after a pause (randomised, so the samples
    // are not in step with the backend's coalescing windows), as changes
    // come when someone ships or acts on a rollout.
    for (let i = 0; i < samples; i++) {
      await pause(options.gapMs + Math.random() * options.gapMs);
      const ms = await sample(i, true);
      if (ms !== undefined) latencies.push(ms);
    }
    breakdown = stages.close();
    // Back to back: each PATCH as soon as the previous one was seen, a
    // closed loop that changes the entity as fast as the system allows:
    // the coalescing's storm guard, not the propagation, sets this figure.
    await pause(options.gapMs);
    const started = process.hrtime.bigint();
    for (let i = 0; i < samples; i++) {
      const ms = await sample(i, false);
      if (ms !== undefined) backToBack.push(ms);
    }
    backToBackSeconds = msSince(started) / 1000;
  } finally {
    if (!breakdown) stages.close();
    client?.close();
  }
  return {
    clusters: backend.clusters.length,
    rollouts: options.rollouts,
    latency: summarize(latencies),
    gapMs: options.gapMs,
    backToBack: {
      latency: summarize(backToBack),
      patchesPerSecond: backToBackSeconds
        ? Math.round((samples / backToBackSeconds) * 10) / 10
        : 0,
    },
    publishLatency: summarize(publishes),
    patchLatency: summarize(patches),
    missed,
    measuredAt: client ? 'websocket-client' : 'backend-publish',
    stages: breakdown!,
    kubernetesPollingDerived: {
      intervalMs: 10_000,
      meanMs: 5_000,
      worstMs: 10_000,
      note: 'derived, not measured: the Kubernetes tab re-fetches every 10 s (useKubernetesObjects intervalMs = 10000), so a change shows after 5 s on average and 10 s at worst, plus one view latency',
    },
  };
}

export interface PromoteResult {
  latency: Summary;
  statuses: Record<string, number>;
  /** Time for the controller to pause at the next step after each promote (not part of the round trip). */
  controllerRepause: Summary;
  /**
   * When the controller did not pause at a next step within a minute of a
   * promote answered 200: the samples before it are kept; this is what our
   * answer and the API server said (for the issue, not a timing).
   */
  stuck?: {
    afterStep: number;
    answer: unknown;
    live: unknown;
  };
}

/**
 * Promotes a paused canary through our API, step after step: each sample is
 * one POST …/actions/promote with `expected.step`, then a wait (condition)
 * for the controller to pause at the next step.
 */
export async function measurePromote(options: {
  seeder: Seeder;
  backend: BenchBackend;
  entity: { kind: string; namespace: string; name: string };
  cluster: string;
  namespace: string;
  name: string;
  samples: number;
  progress: (l: string) => void;
}): Promise<PromoteResult> {
  const { seeder, backend, entity, cluster, namespace, name, samples } =
    options;
  const pausedAt = async () => {
    const ro = await seeder.getRollout(namespace, name);
    const paused = (ro.status?.pauseConditions ?? []).some(
      (c: any) => c.reason === 'CanaryPauseStep',
    );
    return paused && ro.status?.phase === 'Paused'
      ? (ro.status.currentStepIndex as number)
      : undefined;
  };
  // Start an update: a template change makes a new revision that pauses at step 0.
  await seeder.patchRollout(namespace, name, {
    spec: {
      template: {
        metadata: {
          annotations: { 'gradual.dev/bench-revision': String(Date.now()) },
        },
      },
    },
  });
  let step = await waitFor(
    'the canary to pause at its first step',
    () => pausedAt(),
    { timeoutMs: 120_000, intervalMs: 100 },
  );
  const url = `${backend.baseUrl}/api/rollouts/entities/${entity.kind}/${entity.namespace}/${entity.name}/rollouts/${cluster}/${namespace}/${name}/actions/promote`;
  const latencies: number[] = [];
  const repause: number[] = [];
  const statuses: Record<string, number> = {};
  let stuck: PromoteResult['stuck'];
  for (let i = 0; i < samples; i++) {
    const r = await timedFetch(url, {
      method: 'POST',
      body: { expected: { step } },
    });
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status !== 200) {
      options.progress(
        `  promote at step ${step} answered ${r.status}: ${JSON.stringify(
          r.body,
        ).slice(0, 200)}`,
      );
      break;
    }
    latencies.push(r.ms);
    const start = process.hrtime.bigint();
    const prev = step;
    try {
      step = await waitFor(
        `the canary to pause after step ${prev}`,
        async () => {
          const s = await pausedAt();
          return s !== undefined && s > prev ? s : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 50 },
      );
    } catch (e) {
      const ro = await seeder.getRollout(namespace, name);
      stuck = {
        afterStep: prev,
        answer: r.body?.rollout,
        live: {
          resourceVersion: ro.metadata?.resourceVersion,
          spec: { paused: ro.spec?.paused },
          status: {
            phase: ro.status?.phase,
            message: ro.status?.message,
            currentStepIndex: ro.status?.currentStepIndex,
            controllerPause: ro.status?.controllerPause,
            pauseConditions: ro.status?.pauseConditions,
          },
        },
      };
      options.progress(
        `  ${(e as Error).message}; keeping the ${
          latencies.length
        } samples before it. Our answer: ${JSON.stringify(stuck.answer).slice(
          0,
          400,
        )}; the API server: ${JSON.stringify(stuck.live)}`,
      );
      break;
    }
    repause.push(msSince(start));
  }
  return {
    latency: summarize(latencies),
    statuses,
    controllerRepause: summarize(repause),
    ...(stuck ? { stuck } : {}),
  };
}

/**
 * Heap used after full garbage collections, once it is stable: repeated
 * (at most 8 times, with the event loop turning in between so closed sockets
 * and finished timers release what they hold) until two readings agree
 * within 0.2%.
 */
export async function heapUsedAfterGc(): Promise<number> {
  const gc = (globalThis as any).gc as (() => void) | undefined;
  if (!gc) throw new Error('run with node --expose-gc');
  let previous = Infinity;
  let current = 0;
  for (let i = 0; i < 8; i++) {
    await new Promise(r => setImmediate(r));
    gc();
    gc();
    current = process.memoryUsage().heapUsed;
    if (Math.abs(current - previous) / current < 0.002) break;
    previous = current;
  }
  return current;
}
