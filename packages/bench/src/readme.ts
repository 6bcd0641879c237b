/**
 * The README's Performance section, generated from a results file and
 * written between `<!-- bench:start -->` and `<!-- bench:end -->` (appended
 * before "## What is in the repository" the first time).
 */
import fs from 'node:fs';
import { fmt } from './report';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

export function performanceSection(r: any): string {
  const m = r.machine;
  const mem = r.scenarios?.memory ?? {};
  const at = mem.at10k ?? {};
  const lines = [
    '## Performance',
    '',
    `\`yarn bench\` (packages/bench) runs our backend and the upstream \`@backstage/plugin-kubernetes-backend\` side by side in one Backstage backend against the real local cluster and writes [\`bench/results/latest.json\`](bench/results/latest.json). Latest run: ${String(
      r.date,
    ).slice(0, 10)}, ${m.cpus} CPUs, Node ${m.node}, Kubernetes ${
      r.cluster?.kubernetes
    }, ${r.durationSeconds} s${loadOf(m)}.`,
    '',
    '| entity view, clusters × rollouts | ours p50 / p95 ms | ours API-server req/view | Kubernetes plugin p50 / p95 ms | its API-server req/view | speedup (p50) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...(r.scenarios?.views ?? []).map(
      (v: any) =>
        `| ${v.clusters} × ${v.rollouts} | ${fmt(v.ours.latency.p50)} / ${fmt(
          v.ours.latency.p95,
        )} | ${fmt(v.ours.apiRequestsPerView)} | ${fmt(
          v.kubernetes.latency.p50,
        )} / ${fmt(v.kubernetes.latency.p95)} | ${fmt(
          v.kubernetes.apiRequestsPerView,
        )} | ${fmt(v.speedup)}× |`,
    ),
    '',
    '| headline | value |',
    '| --- | ---: |',
    `| view speedup vs. the Kubernetes backend (${
      r.viewSpeedupScenario
    }) | ${fmt(r.viewSpeedupVsKubernetesBackend)}× |`,
    `| change → browser p50 / p95 (${
      r.scenarios?.propagation?.[0]?.measuredAt ?? 'n/a'
    }; each PATCH after a pause) | ${fmt(r.propagationP50Ms)} / ${fmt(
      r.propagationP95Ms,
    )} ms (Kubernetes tab: 10 s polling, 5 s mean, 10 s worst)${
      r.scenarios?.propagation?.[0]?.backToBack
        ? `; back to back, ${fmt(
            r.scenarios.propagation[0].backToBack.patchesPerSecond,
          )} PATCHes/s on one entity: ${fmt(
            r.scenarios.propagation[0].backToBack.latency.p50,
          )} / ${fmt(
            r.scenarios.propagation[0].backToBack.latency.p95,
          )} ms (a storm: one signal per 200 ms window)`
        : ''
    } |`,
    `| backend heap per cached rollout at ${at.rollouts ?? 'n/a'} rollouts${
      at.replicas === 0
        ? ` (\`replicas: 0\`; ${at.replicaSetsCreated} of them already had their ReplicaSet when measured)`
        : ''
    } | ${fmt(r.bytesPerCachedRollout)} B (${fmt(
      mem.heapFor10kMiB,
    )} MiB in all${subsetRunOf(r.memoryRun)})${
      mem.managed?.bytesPerRollout
        ? `; ${fmt(
            mem.managed.bytesPerRollout / 1000,
          )} KB per rollout with a pod at ${mem.managed.rollouts}`
        : ''
    } |`,
    `| promote round trip p50 / p95 | ${fmt(r.promoteP50Ms)} / ${fmt(
      r.promoteP95Ms,
    )} ms |`,
    '',
    ...deliveriesSection(r),
    ...replicasSection(r),
    ...peerSection(r),
    'How to read it: with 10 clusters, the 10 cluster entries are different names for the **same** local API server (each plugin treats them as separate clusters). API-server requests per view are counted where the backend sends them (each bench backend has its own token; the shared cluster’s own counter cannot tell whose requests it served). The viewed entity owns 10 of the N rollouts. The memory figure uses rollouts with `replicas: 0` (no pods), reconciled by a second instance of the real Argo Rollouts controller binary that the bench starts for its own namespace with a higher client QPS, because the shared controller (40 QPS) would need ~20 minutes for 10k; see `notes` in the results file.',
  ];
  return lines.join('\n');
}

/** The Deliveries page's API over the whole fleet, with the date of the run the figures come from. */
function deliveriesSection(r: any): string[] {
  const d = r.scenarios?.deliveries;
  if (!d?.pages?.length) return [];
  const run = r.deliveriesRun
    ? `a separate run (\`${r.deliveriesRun.command}\`, ${String(
        r.deliveriesRun.date,
      ).slice(0, 16)} UTC, ${r.deliveriesRun.durationSeconds} s)`
    : 'the same run';
  const cached = d.pages[0].totalDeliveries;
  return [
    `Deliveries page API (\`GET /api/rollouts/deliveries\`, sequential requests) with ${
      d.clusters
    } cluster entries and ${
      d.rollouts
    } bench rollouts each, from the watch cache (${cached} deliveries in it in all): ${
      d.note
    }. Cache complete ${fmt(
      d.cacheReadySeconds,
    )} s after the backend started. These figures are from ${run}.`,
    ...(r.deliveriesRun?.notes ?? []).map((n: string) => `\n${n}`),
    '',
    '| deliveries page | rows / matching | p50 / p95 ms | API-server req/request | response KB |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...d.pages.map(
      (p: any) =>
        `| ${p.label} | ${p.itemsReturned} / ${p.totalDeliveries} | ${fmt(
          p.latency.p50,
        )} / ${fmt(p.latency.p95)} | ${fmt(p.apiRequestsPerView)} | ${fmt(
          p.responseBytes / 1000,
        )} |`,
    ),
    '',
  ];
}

/** ", load average at start 1 / 5 / 15 min: …" when the run recorded it. */
function loadOf(machine: any): string {
  const l = machine?.loadAverageAtStart;
  return l ? `, load average at start ${l.map(fmt).join(' / ')}` : '';
}

/** "; from a separate run (…)" for a figure merged from a subset run. */
function subsetRunOf(run: any): string {
  return run
    ? `; from a separate run, \`${run.command}\`, ${String(run.date).slice(
        0,
        16,
      )} UTC${loadOf(run.machine)}`
    : '';
}

/** Where Gradual's change → browser time goes (the backend's trace channel). */
function stagesOf(st: any): string[] {
  if (!st?.patchToWatch) return [];
  const p = (s: any) => `${fmt(s.p50)} / ${fmt(s.p95)}`;
  return [
    `Gradual's change → browser by stage, p50 / p95 ms: PATCH → watch event ${p(
      st.patchToWatch,
    )}; watch event → live updates ${p(
      st.watchToChange,
    )}; → signal published ${p(st.changeToPublish)} (${st.coalesced} of ${
      st.patchToWatch.n
    } waited for the coalescing window); → WebSocket client ${p(
      st.publishToClient,
    )}.`,
    '',
  ];
}

/** View and propagation with 1 and 2 backend replicas, with the date of the run the figures come from. */
function replicasSection(r: any): string[] {
  const s = r.scenarios?.replicas;
  if (!s?.rows?.length) return [];
  const run = r.replicasRun
    ? `a separate run (\`${r.replicasRun.command}\`, ${String(
        r.replicasRun.date,
      ).slice(0, 16)} UTC, ${r.replicasRun.durationSeconds} s)`
    : 'the same run';
  const p = (x: any) => `${fmt(x.p50)} / ${fmt(x.p95)}`;
  return [
    `Several replicas (${s.note}). These figures are from ${run}.`,
    '',
    '| backend replicas | view served by | entity view p50 / p95 ms | action on A → browser p50 / p95 ms | cluster change → browser p50 / p95 ms | missed |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...s.rows.map(
      (row: any) =>
        `| ${row.replicas} | ${row.servedBy} | ${p(row.view)} | ${p(
          row.actionToBrowser,
        )} | ${p(row.clusterChangeToBrowser)} | ${row.missed} |`,
    ),
    '',
  ];
}

/** Gradual vs. the Argo Rollouts dashboard, with the date of the run the figures come from. */
function peerSection(r: any): string[] {
  const p = r.scenarios?.peer;
  if (!p) return [];
  const run = r.peerRun
    ? `a separate run (\`${r.peerRun.command}\`, ${String(r.peerRun.date).slice(
        0,
        16,
      )} UTC, ${r.peerRun.durationSeconds} s${loadOf(
        r.peerRun.machine,
      )}); the tables above are from the full run of ${String(r.date).slice(
        0,
        10,
      )}`
    : 'the same run';
  const x = (v: number | null | undefined) =>
    v === null || v === undefined ? 'n/a' : `${fmt(v)}×`;
  const pr = p.propagation;
  return [
    `Against the Argo Rollouts dashboard (\`kubectl argo rollouts dashboard\` v1.8.5, built from the Go module proxy; ${p.rollouts} \`replicas: 0\` rollouts in one namespace, all of one entity). These figures are from ${run}.`,
    '',
    '| scenario | Gradual | Argo Rollouts dashboard | ratio (dashboard / Gradual) |',
    '| --- | ---: | ---: | ---: |',
    ...(pr
      ? [
          `| change → browser p50 / p95 ms (same PATCH, each after a 250–500 ms pause) | ${fmt(
            pr.oursSignal.p50,
          )} / ${fmt(pr.oursSignal.p95)} (signal); ${fmt(
            pr.oursSignalAndView.p50,
          )} / ${fmt(pr.oursSignalAndView.p95)} (signal + view fetch) | ${fmt(
            pr.dashboard.p50,
          )} / ${fmt(pr.dashboard.p95)} (stream) | ${x(pr.dashboardVsOurs)} |`,
        ]
      : []),
    ...(p.views ?? []).map(
      (v: any) =>
        `| first full state, ${v.clusters} × ${
          v.rollouts
        }, p50 / p95 ms | ${fmt(v.ours.p50)} / ${fmt(v.ours.p95)} (${
          v.oursServer
            ? `made by the plugin in ${fmt(v.oursServer.p50)}, ${x(
                v.oursServerVsFloor,
              )} serialising; `
            : ''
        }CPU ${fmt(v.oursCpu?.p50)}; serialising it: ${fmt(
          v.serializeFloor.p50,
        )}, ${x(v.oursVsFloor)} of that${
          v.loopbackFloor
            ? `; the same bytes from a bare loopback server: ${fmt(
                v.loopbackFloor.p50,
              )}, ${x(v.oursVsLoopbackFloor)} of that`
            : ''
        }) | list ${fmt(v.dashboardList.p50)} / ${fmt(
          v.dashboardList.p95,
        )}; new stream ${fmt(v.dashboardStream.p50)} | ${x(
          v.dashboardListVsOurs,
        )} |`,
    ),
    ...(p.views ?? [])
      .filter((v: any) => v.browser)
      .map(
        (v: any) =>
          `| first full state in chromium, ${v.clusters} × ${
            v.rollouts
          }, p50 / p95 ms | ${fmt(v.browser.ours.p50)} / ${fmt(
            v.browser.ours.p95,
          )} (then JSON.parse ${fmt(v.browser.oursParse.p50)}; ${x(
            v.browser.oursVsFloor,
          )} serialising; the same bytes from a bare loopback server: ${fmt(
            v.browser.loopbackFloor.p50,
          )}, ${x(v.browser.oursVsLoopbackFloor)} of that) | list ${fmt(
            v.browser.dashboardList.p50,
          )} / ${fmt(v.browser.dashboardList.p95)} | ${x(
            v.browser.dashboardListVsOurs,
          )} |`,
      ),
    ...(p.coldStart ?? []).map(
      (c: any) =>
        `| cold start → complete state, ${c.clusters} × ${
          c.rollouts
        } ms | ${fmt(c.oursMs)}${
          c.oursBackendStartMs
            ? ` (backend start ${fmt(c.oursBackendStartMs)})`
            : ''
        } | ${fmt(c.dashboardMs)} | ${x(c.dashboardVsOurs)} |`,
    ),
    ...(p.memory
      ? [
          `| memory per rollout | ${fmt(
            p.memory.oursBytesPerRollout,
          )} B heap per cached rollout | ${
            p.memory.dashboardBytesPerRollout > 0
              ? `${fmt(
                  p.memory.dashboardBytesPerRollout,
                )} B RSS per streamed rollout`
              : `not measurable: its RSS did not grow with a stream open (${fmt(
                  p.memory.dashboardRssIdleBytes / 2 ** 20,
                )} MiB before, ${fmt(
                  p.memory.dashboardRssStreamingBytes / 2 ** 20,
                )} MiB with)`
          } | ${x(
            p.memory.oursBytesPerRollout > 0 &&
              p.memory.dashboardBytesPerRollout > 0
              ? p.memory.dashboardBytesPerRollout / p.memory.oursBytesPerRollout
              : null,
          )} |`,
        ]
      : []),
    '',
    ...(p.views ?? [])
      .filter((v: any) => v.breakdown)
      .map(
        (v: any) =>
          `Where a ${v.clusters} × ${
            v.rollouts
          } view's time goes in the bench's Node client (p50 ms, until the headers + reading the gzip body; the same answer uncompressed): Gradual ${fmt(
            v.breakdown.ours.headersMs,
          )} + ${fmt(v.breakdown.ours.bodyMs)}; ${fmt(
            v.breakdown.ours.identityMs,
          )}. The bare loopback server: ${fmt(
            v.breakdown.loopbackFloor.headersMs,
          )} + ${fmt(v.breakdown.loopbackFloor.bodyMs)}; ${fmt(
            v.breakdown.loopbackFloor.identityMs,
          )}. Serialising: ${fmt(v.serializeFloor.p50)}.\n`,
      ),
    ...stagesOf(pr?.oursStages),
    `Dashboard notes: ${p.note}`,
    ...(r.peerRun?.notes ?? []).map((n: string) => `\n${n}`),
    '',
  ];
}

export function updateReadme(readmePath: string, results: any): void {
  const text = fs.readFileSync(readmePath, 'utf8');
  const block = `${START}\n${performanceSection(results)}\n${END}`;
  let next: string;
  if (text.includes(START) && text.includes(END)) {
    next =
      text.slice(0, text.indexOf(START)) +
      block +
      text.slice(text.indexOf(END) + END.length);
  } else {
    const anchor = text.indexOf('## What is in the repository');
    next =
      anchor >= 0
        ? `${text.slice(0, anchor)}${block}\n\n${text.slice(anchor)}`
        : `${text}\n${block}\n`;
  }
  fs.writeFileSync(readmePath, next);
}
