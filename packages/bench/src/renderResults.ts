/**
 * The results of a full `yarn bench` run as the text table it prints.
 */
import { fmt, table } from './report';
import { PropagationResult } from './propagationScenario';
import { ViewResult } from './viewScenario';

/** The printed summary of a run's results (bench/results/latest.json's shape). */
export function renderResults(r: any): string {
  const out: string[] = [];
  out.push(
    `Gradual bench — ${r.date} — ${r.machine.cpus} CPUs, ${fmt(
      r.machine.memoryBytes / 2 ** 30,
    )} GiB, Node ${r.machine.node}, Kubernetes ${r.cluster.kubernetes}`,
  );
  out.push('');
  out.push(
    'Entity view (sequential requests; API-server requests per view counted where the backend sends them, by its own token)',
  );
  out.push(
    table(
      [
        'clusters × rollouts',
        'ours p50 ms',
        'ours p95 ms',
        'ours API req/view',
        'k8s p50 ms',
        'k8s p95 ms',
        'k8s API req/view',
        'speedup (p50)',
      ],
      (r.scenarios.views ?? []).map((v: ViewResult) => [
        `${v.clusters} × ${v.rollouts}`,
        v.ours.latency.p50,
        v.ours.latency.p95,
        v.ours.apiRequestsPerView,
        v.kubernetes.latency.p50,
        v.kubernetes.latency.p95,
        v.kubernetes.apiRequestsPerView,
        `${fmt(v.speedup)}×`,
      ]),
    ),
  );
  out.push('');
  out.push(
    'Change → browser (annotation PATCH on a rollout of the viewed entity → message on a WebSocket subscribed through the real signals backend; the first change is signalled at once, a burst is coalesced per 200 ms)',
  );
  out.push(
    table(
      [
        'clusters × rollouts',
        'p50 ms',
        'p95 ms',
        'publish p50 ms',
        'missed',
        'measured at',
        'Kubernetes tab (derived: 10 s polling)',
      ],
      (r.scenarios.propagation ?? []).map((p: PropagationResult) => [
        `${p.clusters} × ${p.rollouts}`,
        p.latency.p50,
        p.latency.p95,
        p.publishLatency.p50,
        p.missed,
        p.measuredAt,
        'mean 5000 ms, worst 10000 ms',
      ]),
    ),
  );
  out.push('');
  const pr = r.scenarios.promote;
  out.push(
    pr
      ? `Promote round trip (POST …/actions/promote on a paused canary): p50 ${fmt(
          pr.latency.p50,
        )} ms, p95 ${fmt(pr.latency.p95)} ms (n=${pr.latency.n})`
      : 'Promote: not measured',
  );
  const m = r.scenarios.memory;
  if (m) {
    out.push(
      `Memory: ${fmt(m.at10k.bytesPerRollout)} B per cached rollout at ${
        m.at10k.rollouts
      } (replicas 0: rollout + ReplicaSet + events; ${fmt(
        m.heapFor10kMiB,
      )} MiB heap; ${m.at10k.replicaSetsCreated} reconciled); ` +
        `${fmt(
          m.managed?.bytesPerRollout,
        )} B per managed rollout with a pod (n=${m.managed?.rollouts ?? 0})`,
    );
  }
  out.push('');
  out.push(
    `Headline: view speedup ${fmt(r.viewSpeedupVsKubernetesBackend)}× (${
      r.viewSpeedupScenario
    }), propagation p95 ${fmt(r.propagationP95Ms)} ms, ${fmt(
      r.bytesPerCachedRollout,
    )} B/rollout, promote p50 ${fmt(r.promoteP50Ms)} ms`,
  );
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
