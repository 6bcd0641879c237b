/**
 * The change → browser scenario: an annotation PATCH on a rollout of the
 * viewed entity until a WebSocket client of the real signals backend gets
 * the message. Nothing here fails on a timing.
 */
import { BenchBackend } from './backend';
import { timedFetch } from './http';
import { BenchCluster as Seeder } from './seed';
import { msSince, summarize, Summary } from './stats';
import { LiveStages, StageBreakdown } from './liveStages';
import { oursViewUrl } from './viewScenario';
import { SignalClient } from './SignalClient';

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
