/**
 * The promote round trip scenario: POST …/actions/promote on a paused
 * canary until the controller moved on. Nothing here fails on a timing.
 */
import { waitFor } from './kube';
import { BenchBackend } from './backend';
import { timedFetch } from './http';
import { BenchCluster as Seeder } from './seed';
import { msSince, summarize, Summary } from './stats';

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
