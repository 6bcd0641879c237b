/**
 * Gradual vs. the Argo Rollouts dashboard (`kubectl argo rollouts
 * dashboard`), side by side on the same cluster, the same rollouts and the
 * same PATCHes: change → browser, time to the first full state of a
 * namespace, cold start, memory per rollout.
 */
import path from 'node:path';
import {
  ArgoDashboard,
  DashboardStream,
  startArgoDashboard,
} from './argoDashboard';
import { BenchBackend, startBenchBackend } from './backend';
import { BrowserClient } from './browserViews';
import { timedFetch } from './http';
import { waitForQuietMachine } from './quietMachine';
import { startLoopbackServer } from './loopbackFloor';
import { AdminClient, waitFor } from './kube';
import { heapUsedAfterGc } from './heapUsedAfterGc';
import { oursViewUrl } from './viewScenario';
import { SignalClient } from './SignalClient';
import { startBenchController } from './controller';
import { LiveStages, StageBreakdown } from './liveStages';
import { profiled, ProfileSummary } from './cpuProfile';
import { BenchCluster, names } from './seed';
import { msSince, round, summarize, Summary } from './stats';

export const PEER_ENTITY = 'bench-ns';

const p50s = (a: {
  headers: number[];
  body: number[];
  identity: number[];
}) => ({
  headersMs: summarize(a.headers).p50,
  bodyMs: summarize(a.body).p50,
  identityMs: summarize(a.identity).p50,
});

const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : null);

export interface PeerViewResult {
  clusters: number;
  rollouts: number;
  /**
   * Our entity view (every rollout of the namespace belongs to the entity):
   * fetched until the body is read and decoded (as every `ms` of
   * timedFetch; the JSON.parse after it is not in it).
   */
  ours: Summary;
  /**
   * CPU time of this process (backend and client: the request, the
   * response's compression and decompression, the client's JSON.parse) per
   * view: on a loaded machine, what the view costs rather than how long it
   * waited for a core.
   */
  oursCpu: Summary;
  /**
   * The plugin's own time to make each of those answers (its `Server-Timing`
   * header: from the route's start to the encoded body, the root router's
   * middleware not in it).
   */
  oursServer: Summary;
  /** oursServer p50 / serialise p50 */
  oursServerVsFloor: number | null;
  /** JSON.stringify of that response body: the floor of serialising it at all. */
  serializeFloor: Summary;
  /**
   * The same bytes answered by a bare HTTP server on loopback in the same
   * encoding (gzip, as Backstage's compression sends every answer), fetched
   * by the same client: the floor of any HTTP answer of that body (the
   * serialisation floor leaves out the transfer and the client's decoding).
   */
  loopbackFloor: Summary;
  responseBytes: number;
  /** The list the dashboard UI loads first (`GET /api/v1/rollouts/{ns}/info`), one dashboard per cluster entry, in parallel. */
  dashboardList: Summary;
  dashboardBytes: number;
  /** A new `…/info/watch` stream until it has sent every rollout once. */
  dashboardStream: Summary;
  /** ours p50 / serialise p50 */
  oursVsFloor: number | null;
  /** ours p50 / loopback floor p50 */
  oursVsLoopbackFloor: number | null;
  /** dashboard list p50 / ours p50 */
  dashboardListVsOurs: number | null;
  /**
   * Where the Node client's view time goes (p50 ms), ours and the loopback
   * floor's: until the headers (the server's work and the request's way
   * there), reading the gzip body, and the same answer asked for without
   * compression (`Accept-Encoding: identity`).
   */
  breakdown: {
    ours: { headersMs: number; bodyMs: number; identityMs: number };
    loopbackFloor: { headersMs: number; bodyMs: number; identityMs: number };
  };
  /** The same views in headless chromium ({@link BrowserClient}). */
  browser: {
    ours: Summary;
    /** JSON.parse in the page, after `ours`. */
    oursParse: Summary;
    loopbackFloor: Summary;
    dashboardList: Summary;
    /** browser ours p50 / serialise p50 */
    oursVsFloor: number | null;
    /** browser ours p50 / browser loopback floor p50 */
    oursVsLoopbackFloor: number | null;
    /** browser dashboard list p50 / browser ours p50 */
    dashboardListVsOurs: number | null;
  };
  /** With --cpu-profile: where our view time goes (a separate run of views). */
  oursProfile?: ProfileSummary;
}

export interface PeerResult {
  rollouts: number;
  note: string;
  views: PeerViewResult[];
  propagation: {
    /** PATCH sent → our WebSocket client (signals backend) receives the message naming the rollout. */
    oursSignal: Summary;
    /** … and the view the frontend then fetches has been received. */
    oursSignalAndView: Summary;
    /** PATCH sent → the dashboard stream delivers the rolloutInfo carrying the patched annotation. */
    dashboard: Summary;
    patch: Summary;
    missed: { ours: number; dashboard: number };
    /** dashboard p50 / ours p50 */
    dashboardVsOurs: number | null;
    /** Where our time goes, stage by stage (the backend's trace channel). */
    oursStages: StageBreakdown;
  };
  coldStart: Array<{
    clusters: number;
    rollouts: number;
    /** Backend start → the entity view returns every rollout of every cluster. */
    oursMs: number;
    /** … of which the Backstage backend's own start (plugins, database), before any cache is complete. */
    oursBackendStartMs: number;
    /** Dashboard processes start → each has answered its full list. */
    dashboardMs: number;
    dashboardVsOurs: number | null;
  }>;
  memory: {
    /** Our heap (after GC) with the namespace cached minus without, per cached rollout (all backends' caches). */
    oursBytesPerRollout: number;
    cachedRollouts: number;
    /** Dashboard RSS with one watch stream open on the namespace minus idle, per rollout. */
    dashboardBytesPerRollout: number;
    dashboardRssIdleBytes: number;
    dashboardRssStreamingBytes: number;
  };
}

export async function measurePeer(o: {
  admin: AdminClient;
  seeder: BenchCluster;
  binary: string;
  kubeconfig: string;
  clusterEntries: (n: number, token: string) => any[];
  entity: any;
  rollouts: number;
  clusters: number[];
  samples: number;
  streamSamples: number;
  propagationSamples: number;
  /** How long to wait for the controller to reconcile the seeded rollouts. */
  reconcileMinutes: number;
  /** The browser the views are also measured in. */
  browser: BrowserClient;
  /** A directory: CPU-profile our views (after the timed samples) into it. */
  cpuProfileDir?: string;
  log: (l: string) => void;
}): Promise<PeerResult> {
  const { seeder, log } = o;
  const n = o.rollouts;
  const ns = seeder.namespace('peer');
  await seeder.createNamespace(ns);
  log(
    `peer: seeding ${n} rollouts (replicas 0) in ${ns}, all of entity ${PEER_ENTITY}`,
  );
  // Reconciled by a bench instance of the real controller (as the memory
  // scenario's): the shared one (40 QPS) would take minutes, and ignores them.
  const instanceId = `gradual-bench-${seeder.runId}-peer`;
  const controller = await startBenchController({
    namespace: ns,
    instanceId,
    kubeconfig: o.kubeconfig,
    log,
  });
  const specs = names('p', 0, n).map(name => ({
    namespace: ns,
    name,
    kubernetesId: PEER_ENTITY,
    replicas: 0,
    instanceId,
  }));
  // Reconciling is slow on a loaded machine: after `reconcileMinutes` the
  // scenarios run anyway (the views and the stream carry the rollouts
  // either way; the controller keeps writing statuses meanwhile, to both).
  let unreconciled: string | undefined;
  try {
    for (let i = 0; i < specs.length; i += 500)
      await seeder.createRollouts(specs.slice(i, i + 500), 16);
  } catch (e) {
    await controller.stop();
    throw e;
  }
  try {
    await seeder.waitHealthy(ns, n, o.reconcileMinutes * 60_000, log);
  } catch (e) {
    unreconciled = `not every rollout was Healthy after ${
      o.reconcileMinutes
    } min of reconciling (${
      (e as Error).message
    }); the scenarios ran with the controller still reconciling`;
    log(`  ${unreconciled}`);
  }

  const backends = new Map<number, BenchBackend>();
  const dashboards = new Map<number, ArgoDashboard[]>();
  const viewUrl = (b: BenchBackend) =>
    oursViewUrl(b, {
      kind: 'component',
      namespace: 'default',
      name: PEER_ENTITY,
    });
  const listUrl = (d: ArgoDashboard) =>
    `${d.baseUrl}/api/v1/rollouts/${ns}/info`;
  const listAll = async (ds: ArgoDashboard[]) => {
    const start = process.hrtime.bigint();
    const rs = await Promise.all(ds.map(d => timedFetch(listUrl(d))));
    return {
      ms: msSince(start),
      complete: rs.every(r => (r.body?.rollouts?.length ?? 0) === n),
      bytes: rs.reduce((s, r) => s + r.bytes, 0),
    };
  };
  const result: PeerResult = {
    rollouts: n,
    note: 'the rollouts are reconciled by a bench instance of the real Argo Rollouts controller (--namespaced --instance-id, as in the memory scenario). The dashboard serves one kubeconfig context: with 10 cluster entries, 10 dashboard processes (one per entry, all on the same API server) are queried in parallel. Each cluster count runs on its own: cold start and views of 1 entry, then change → browser with only that backend and its one dashboard up, then cold start and views of 10 entries (with the first ones still up, idle). Our views (with the serialisation and loopback floors beside each sample), the dashboard lists, the browser views and change → browser each start once the machine is quiet (under 30% of all CPUs busy for 2 s in a row, waiting at most 60 s): a dashboard list keeps the API server and its Go process busy after it answers. Its UI bundle is not in the Go module zip; its API, which the UI calls, is complete.',
    views: [],
    propagation: undefined as any,
    coldStart: [],
    memory: undefined as any,
  };
  if (unreconciled) result.note += ` Note: ${unreconciled}.`;
  try {
    const coldStart = async (c: number) => {
      const token = await seeder.createReader();
      log(`peer: cold start, ${c} cluster(s) × ${n} rollouts`);
      let start = process.hrtime.bigint();
      const b: BenchBackend = await startBenchBackend({
        clusters: o.clusterEntries(c, token),
        entities: [o.entity],
      });
      const backendStartMs = msSince(start);
      backends.set(c, b);
      await waitFor(
        `the rollouts backend to list ${n * c} rollouts`,
        async () =>
          (await timedFetch(viewUrl(b))).body?.items?.length === n * c,
        { timeoutMs: 10 * 60_000, intervalMs: 50 },
      );
      const oursMs = msSince(start);
      start = process.hrtime.bigint();
      const ds = await Promise.all(
        Array.from({ length: c }, (_, i) =>
          startArgoDashboard({
            binary: o.binary,
            kubeconfig: o.kubeconfig,
            label: `${seeder.systemNamespace}-${c}-${i}`,
          }),
        ),
      );
      dashboards.set(c, ds);
      if (!(await listAll(ds)).complete)
        throw new Error('a dashboard did not list every rollout');
      const dashboardMs = msSince(start);
      result.coldStart.push({
        clusters: c,
        rollouts: n,
        oursMs: round(oursMs),
        oursBackendStartMs: round(backendStartMs),
        dashboardMs: round(dashboardMs),
        dashboardVsOurs: ratio(dashboardMs, oursMs),
      });
      log(
        `  ours ${round(oursMs)} ms (backend start ${round(
          backendStartMs,
        )} ms), dashboard ${round(dashboardMs)} ms`,
      );
    };

    const settle = async (what: string) => {
      const q = await waitForQuietMachine({ log });
      if (q.quiet)
        log(`  quiet after ${round(q.waitedMs / 1000, 1)} s, before ${what}`);
    };

    const measureViews = async (c: number) => {
      const b = backends.get(c)!;
      const ds = dashboards.get(c)!;
      log(`peer: views, ${c} cluster(s) × ${n} rollouts, ${o.samples} samples`);
      const ours: number[] = [];
      const floor: number[] = [];
      const loopback: number[] = [];
      const plain = await startLoopbackServer();
      const list: number[] = [];
      let bytes = 0;
      let dBytes = 0;
      const cpu: number[] = [];
      const server: number[] = [];
      const parts = {
        ours: {
          headers: [] as number[],
          body: [] as number[],
          identity: [] as number[],
        },
        loopbackFloor: {
          headers: [] as number[],
          body: [] as number[],
          identity: [] as number[],
        },
      };
      const identity = { 'Accept-Encoding': 'identity' };
      const inBrowser = {
        ours: [] as number[],
        oursParse: [] as number[],
        loopback: [] as number[],
        list: [] as number[],
      };
      // Three phases, each once the machine is quiet: a dashboard list
      // keeps the API server and the Go process busy for a while after it
      // answers, which would land on whatever is measured next.
      await settle(`our views of ${c} cluster(s)`);
      for (let i = 0; i < o.samples + 2; i++) {
        const cpuBefore = process.cpuUsage();
        const r = await timedFetch(viewUrl(b));
        const used = process.cpuUsage(cpuBefore);
        if (r.body?.items?.length !== n * c)
          throw new Error(`our view returned ${r.body?.items?.length} items`);
        const s = process.hrtime.bigint();
        const text = JSON.stringify(r.body);
        const f = msSince(s);
        plain.answer(Buffer.from(text));
        const l = await timedFetch(plain.url);
        if (l.body?.items?.length !== n * c)
          throw new Error('the loopback floor answered another body');
        const id = await timedFetch(viewUrl(b), { headers: identity });
        const lid = await timedFetch(plain.url, { headers: identity });
        if (i < 2) continue; // warm-up
        ours.push(r.ms);
        const made = r.serverTimings.list;
        if (made === undefined)
          throw new Error('our view answered without its Server-Timing');
        server.push(made);
        cpu.push((used.user + used.system) / 1000);
        floor.push(f);
        loopback.push(l.ms);
        parts.ours.headers.push(r.headersMs);
        parts.ours.body.push(r.bodyMs);
        parts.ours.identity.push(id.ms);
        parts.loopbackFloor.headers.push(l.headersMs);
        parts.loopbackFloor.body.push(l.bodyMs);
        parts.loopbackFloor.identity.push(lid.ms);
        bytes = Buffer.byteLength(text);
      }
      await settle(`the dashboard lists of ${c} cluster(s)`);
      for (let i = 0; i < o.samples + 1; i++) {
        const d = await listAll(ds);
        if (i < 1) continue; // warm-up
        list.push(d.ms);
        dBytes = d.bytes;
      }
      await settle(`the browser views of ${c} cluster(s)`);
      for (let i = 0; i < o.samples + 2; i++) {
        const br = await o.browser.get(viewUrl(b));
        const bl = await o.browser.get(plain.url);
        const bd = await Promise.all(ds.map(x => o.browser.get(listUrl(x))));
        if (br.items !== n * c || bl.items !== n * c)
          throw new Error(`the browser got ${br.items} and ${bl.items} items`);
        if (bd.some(x => x.items !== n))
          throw new Error('a dashboard did not list every rollout');
        if (i < 2) continue; // warm-up
        inBrowser.ours.push(br.ms);
        inBrowser.oursParse.push(br.parseMs);
        inBrowser.loopback.push(bl.ms);
        inBrowser.list.push(Math.max(...bd.map(x => x.ms)));
      }
      await plain.close();
      const stream: number[] = [];
      for (let i = 0; i < o.streamSamples; i++) {
        const start = process.hrtime.bigint();
        const streams = ds.map(d => new DashboardStream(d.baseUrl, ns));
        await Promise.all(streams.map(s => s.seenAll(n)));
        stream.push(msSince(start));
        streams.forEach(s => s.close());
      }
      const v: PeerViewResult = {
        clusters: c,
        rollouts: n,
        ours: summarize(ours),
        oursCpu: summarize(cpu),
        oursServer: summarize(server),
        oursServerVsFloor: null,
        serializeFloor: summarize(floor),
        loopbackFloor: summarize(loopback),
        responseBytes: bytes,
        dashboardList: summarize(list),
        dashboardBytes: dBytes,
        dashboardStream: summarize(stream),
        oursVsFloor: null,
        oursVsLoopbackFloor: null,
        dashboardListVsOurs: null,
        breakdown: {
          ours: p50s(parts.ours),
          loopbackFloor: p50s(parts.loopbackFloor),
        },
        browser: {
          ours: summarize(inBrowser.ours),
          oursParse: summarize(inBrowser.oursParse),
          loopbackFloor: summarize(inBrowser.loopback),
          dashboardList: summarize(inBrowser.list),
          oursVsFloor: null,
          oursVsLoopbackFloor: null,
          dashboardListVsOurs: null,
        },
      };
      v.browser.oursVsFloor = ratio(v.browser.ours.p50, v.serializeFloor.p50);
      v.browser.oursVsLoopbackFloor = ratio(
        v.browser.ours.p50,
        v.browser.loopbackFloor.p50,
      );
      v.browser.dashboardListVsOurs = ratio(
        v.browser.dashboardList.p50,
        v.browser.ours.p50,
      );
      v.oursVsFloor = ratio(v.ours.p50, v.serializeFloor.p50);
      v.oursServerVsFloor = ratio(v.oursServer.p50, v.serializeFloor.p50);
      v.oursVsLoopbackFloor = ratio(v.ours.p50, v.loopbackFloor.p50);
      v.dashboardListVsOurs = ratio(v.dashboardList.p50, v.ours.p50);
      if (o.cpuProfileDir) {
        const file = path.join(
          o.cpuProfileDir,
          `view-${c}x${n}-${seeder.runId}.cpuprofile`,
        );
        const { profile } = await profiled(file, async () => {
          for (let i = 0; i < o.samples; i++) await timedFetch(viewUrl(b));
        });
        v.oursProfile = profile;
        log(
          `  profile of ${o.samples} views (${
            profile.totalMs
          } ms): ${file}\n${profile.inclusive
            .map(f => `    ${f.share}% ${f.ms} ms ${f.fn}`)
            .join('\n')}\n  self:\n${profile.self
            .map(f => `    ${f.share}% ${f.ms} ms ${f.fn}`)
            .join('\n')}`,
        );
      }
      result.views.push(v);
      log(
        `  ours p50 ${v.ours.p50} ms (made in ${v.oursServer.p50} ms, ${v.oursServerVsFloor}× serialising; CPU ${v.oursCpu.p50} ms; serialise ${v.serializeFloor.p50} ms, ${v.oursVsFloor}×; same bytes from a bare loopback server ${v.loopbackFloor.p50} ms, ${v.oursVsLoopbackFloor}×), dashboard list p50 ${v.dashboardList.p50} ms, stream p50 ${v.dashboardStream.p50} ms`,
      );
      log(
        `  breakdown p50 (headers + gzip body; uncompressed): ${Object.entries(
          v.breakdown,
        )
          .map(
            ([k, x]) =>
              `${k} ${x.headersMs} + ${x.bodyMs} ms; ${x.identityMs} ms`,
          )
          .join(', ')}`,
      );
      log(
        `  in chromium: ours p50 ${v.browser.ours.p50} ms (${v.browser.oursVsFloor}× serialise; then JSON.parse ${v.browser.oursParse.p50} ms), bare loopback server ${v.browser.loopbackFloor.p50} ms (${v.browser.oursVsLoopbackFloor}×), dashboard list ${v.browser.dashboardList.p50} ms`,
      );
    };

    const measurePropagation = async () => {
      // change → browser: one backend, one dashboard, the same PATCHes.
      const b = backends.get(o.clusters[0])!;
      // A fresh dashboard process, the views' one stopped: only one is up,
      // and its idle RSS below is that of a process that served nothing
      // (after the views' lists, Go had not yet returned their memory).
      const c0 = o.clusters[0];
      for (const x of dashboards.get(c0)!) await x.stop();
      const d = await startArgoDashboard({
        binary: o.binary,
        kubeconfig: o.kubeconfig,
        label: `${seeder.systemNamespace}-${c0}-stream`,
      });
      dashboards.set(c0, [d]);
      log(`peer: change → browser, ${o.propagationSamples} PATCHes`);
      await timedFetch(viewUrl(b)); // a user view subscribes the entity
      const channel = `rollouts:component:default/${PEER_ENTITY}`;
      const client = await SignalClient.connect(b.baseUrl, channel);
      // Idle: started, before this stream's informers.
      await new Promise(r => setTimeout(r, 2000));
      const rssIdle = d.rssBytes();
      const stream = new DashboardStream(d.baseUrl, ns);
      await stream.seenAll(n);
      const rssStreaming = d.rssBytes();
      const targets = names('p', 0, Math.min(n, 10));
      const oursSignal: number[] = [];
      const oursView: number[] = [];
      const dash: number[] = [];
      const patches: number[] = [];
      const missed = { ours: 0, dashboard: 0 };
      const stages = new LiveStages(ns);
      let oursStages: StageBreakdown | undefined;
      try {
        for (let i = -1; i < o.propagationSamples; i++) {
          // A user's change, as in the main propagation scenario: each PATCH
          // after a random pause of 250–500 ms, not in step with the
          // backend's coalescing windows (back to back, the closed loop
          // would time the storm guard, which both scenarios leave alone).
          await new Promise(r => setTimeout(r, 250 + Math.random() * 250));
          const name = targets[(i + targets.length) % targets.length];
          const tick = `${Date.now()}-${i}`;
          const gotSignal = client.next(
            m =>
              m?.channel === channel &&
              (m.message?.rollouts ?? []).some((r: any) => r.name === name),
            15_000,
          );
          const gotDashboard = stream.next(
            info =>
              info.objectMeta?.name === name &&
              info.objectMeta?.annotations?.['gradual.dev/bench-tick'] === tick,
            15_000,
          );
          const start = process.hrtime.bigint();
          await seeder.patchRollout(ns, name, {
            metadata: { annotations: { 'gradual.dev/bench-tick': tick } },
          });
          const patchMs = msSince(start);
          const signalled = gotSignal.then(async at => {
            if (!at) return undefined;
            await timedFetch(viewUrl(b));
            return { at, viewed: process.hrtime.bigint() };
          });
          const [s, dAt] = await Promise.all([signalled, gotDashboard]);
          if (i < 0) continue; // warm-up
          patches.push(patchMs);
          stages.sample({
            name,
            annotation: 'gradual.dev/bench-tick',
            value: tick,
            patchAt: start,
            clientAt: s?.at,
          });
          if (s) {
            oursSignal.push(Number(s.at - start) / 1e6);
            oursView.push(Number(s.viewed - start) / 1e6);
          } else missed.ours++;
          if (dAt) dash.push(Number(dAt - start) / 1e6);
          else missed.dashboard++;
        }
      } finally {
        oursStages = stages.close();
        client.close();
        stream.close();
      }
      const oursSignalS = summarize(oursSignal);
      const dashS = summarize(dash);
      result.propagation = {
        oursSignal: oursSignalS,
        oursSignalAndView: summarize(oursView),
        dashboard: dashS,
        patch: summarize(patches),
        missed,
        dashboardVsOurs: ratio(dashS.p50, oursSignalS.p50),
        oursStages,
      };
      log(
        `  ours p50/p95 ${oursSignalS.p50}/${oursSignalS.p95} ms, dashboard ${dashS.p50}/${dashS.p95} ms`,
      );
      log(`  ours by stage: ${JSON.stringify(oursStages)}`);
      return { rssIdle, rssStreaming };
    };

    // Each cluster count on its own: the change → browser samples run
    // with only the first count's backend and dashboard up, as a user's
    // portal and dashboard would be (with the 10-entry backend and its 10
    // dashboards up too, every PATCH was also processed 10 more times by
    // this process, which hosts the WebSocket client, and by 10 more
    // dashboards on the same 2 CPUs).
    let dashboardRss: { rssIdle: number; rssStreaming: number } | undefined;
    for (const c of o.clusters) {
      await coldStart(c);
      await measureViews(c);
      if (c === o.clusters[0]) {
        await settle('change → browser');
        dashboardRss = await measurePropagation();
      }
    }
    const { rssIdle, rssStreaming } = dashboardRss!;

    // Memory: our caches with vs. without the namespace; the dashboard's RSS.
    const heapWith = await heapUsedAfterGc();
    log(`peer: memory — deleting ${ns}`);
    await o.admin.request('DELETE', `/api/v1/namespaces/${ns}`);
    for (const [c, be] of backends) {
      await waitFor(
        `the ${c}-cluster backend to drop the namespace`,
        async () => (await timedFetch(viewUrl(be))).body?.items?.length === 0,
        { timeoutMs: 10 * 60_000, intervalMs: 1000 },
      );
    }
    const heapWithout = await heapUsedAfterGc();
    const cached = n * [...backends.keys()].reduce((a, c) => a + c, 0);
    result.memory = {
      oursBytesPerRollout: round((heapWith - heapWithout) / cached, 0),
      cachedRollouts: cached,
      dashboardBytesPerRollout: round(
        Math.max(0, rssStreaming - rssIdle) / n,
        0,
      ),
      dashboardRssIdleBytes: rssIdle,
      dashboardRssStreamingBytes: rssStreaming,
    };
    log(
      `  ours ${result.memory.oursBytesPerRollout} B per cached rollout, dashboard ${result.memory.dashboardBytesPerRollout} B per streamed rollout (RSS)`,
    );
  } finally {
    for (const ds of dashboards.values())
      for (const x of ds) await x.stop().catch(() => {});
    for (const be of backends.values()) await be.stop().catch(() => {});
    await controller.stop().catch(() => {});
  }
  return result;
}
