/**
 * The entity view and change propagation with one and with two replicas of
 * the real backend (packages/backend, as `yarn start` runs it: real catalog,
 * guest sign-in, signals, events backend) as separate processes on one
 * PostgreSQL server. Replica A alone first; then B starts, and B serves the
 * view and the browser's WebSocket while A takes the action, so the figures
 * include the events backend's database-backed bus between the two.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
// The two-replica test's process and config helpers (not a published API).
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { BackendReplica } from '@gradual/backend/src/testing/BackendReplica';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  dropReplicaDatabases,
  guestToken,
  ReplicaSetup,
  writeReplicaConfig,
} from '@gradual/backend/src/testing/replicaConfig';
import { rolloutsSignalChannel } from '@gradual/plugin-rollouts-common';
import { freePort } from './freePort';
import { timedFetch } from './http';
import { waitFor } from './kube';
import { oursViewUrl } from './viewScenario';
import { SignalClient } from './SignalClient';
import { BenchCluster, KUBERNETES_ID, names } from './seed';
import { summarize, Summary } from './stats';

const ENTITY = 'bench-replicas';
const ENTITY_REF = `component:default/${ENTITY}`;
/** The guest owns the entity: the demo permission policy lets owners act. */
const OWNER = 'user:development/guest';
const TICK = 'gradual.dev/bench-tick';

export interface ReplicasRow {
  replicas: 1 | 2;
  /** The replica that served the view and the browser's WebSocket. */
  servedBy: 'A' | 'B';
  /** GET of the entity's rollouts (the Rollouts tab), sequential. */
  view: Summary;
  /** POST …/actions/pause or resume on replica A → the signal on the WebSocket of `servedBy`. */
  actionToBrowser: Summary;
  /** A PATCH straight to the API server (the cluster-observed change) → the signal on the WebSocket of `servedBy`. */
  clusterChangeToBrowser: Summary;
  /** Samples whose signal did not arrive within the timeout. */
  missed: number;
}

export interface ReplicasRun {
  rollouts: number;
  rows: ReplicasRow[];
  note: string;
}

/** One replica's authenticated calls. */
function api(replica: BackendReplica, token: string) {
  const base = oursViewUrl(replica, {
    kind: 'component',
    namespace: 'default',
    name: ENTITY,
  });
  const headers = { authorization: `Bearer ${token}` };
  return {
    view: () => timedFetch(base, { headers }),
    act: (namespace: string, name: string, action: string) =>
      timedFetch(`${base}/local/${namespace}/${name}/actions/${action}`, {
        method: 'POST',
        body: {},
        headers,
      }),
  };
}

export async function measureReplicas(o: {
  seeder: BenchCluster;
  /** The repository's app-config.yaml (the base config of every replica). */
  appConfig: string;
  /** API server URL and CA of the cluster. */
  server: string;
  caData: string;
  postgresUrl: string;
  rollouts: number;
  viewSamples: number;
  propagationSamples: number;
  timeoutMs: number;
  log: (line: string) => void;
}): Promise<ReplicasRun> {
  const { seeder, log } = o;
  const ns = seeder.namespace('replicas');
  await seeder.createNamespace(ns);
  const rolloutNames = names('rep', 0, o.rollouts);
  await seeder.createRollouts(
    rolloutNames.map(name => ({ namespace: ns, name, kubernetesId: ENTITY })),
  );
  await seeder.waitHealthy(ns, o.rollouts, 10 * 60_000, log);

  const dir = mkdtempSync(join(tmpdir(), 'gradual-bench-replicas-'));
  const entitiesFile = join(dir, 'entities.yaml');
  writeFileSync(
    entitiesFile,
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: ENTITY,
        namespace: 'default',
        annotations: { [KUBERNETES_ID]: ENTITY },
      },
      spec: { type: 'service', owner: OWNER, lifecycle: 'production' },
    }),
  );
  const setup: ReplicaSetup = {
    dir,
    cluster: {
      name: 'local',
      url: o.server,
      serviceAccountToken: await seeder.createReader(),
      caData: o.caData,
      requestTimeout: 30_000,
    },
    entitiesFile,
    postgresUrl: o.postgresUrl,
    databasePrefix: `gradual_bench_${seeder.runId}_`,
  };
  const start = async (name: 'A' | 'B') => {
    const port = await freePort();
    log(`starting backend replica ${name} on :${port} (PostgreSQL)`);
    return BackendReplica.start({
      name,
      port,
      configFiles: [
        o.appConfig,
        writeReplicaConfig(setup, name.toLowerCase(), port),
      ],
      timeoutMs: 5 * 60_000,
    });
  };
  const replicas: BackendReplica[] = [];
  const rows: ReplicasRow[] = [];
  try {
    const a = await start('A');
    replicas.push(a);
    const token = await guestToken(a);
    const onA = api(a, token);
    await showsAll(onA, o.rollouts, 'A');
    rows.push(
      await measureRow({
        ...o,
        ns,
        rolloutNames,
        token,
        replicas: 1,
        acting: onA,
        viewer: a,
      }),
    );
    const b = await start('B');
    replicas.push(b);
    await showsAll(api(b, token), o.rollouts, 'B');
    rows.push(
      await measureRow({
        ...o,
        ns,
        rolloutNames,
        token,
        replicas: 2,
        acting: onA,
        viewer: b,
      }),
    );
  } finally {
    await Promise.all(replicas.map(r => r.stop()));
    const db = knexFactory({ client: 'pg', connection: o.postgresUrl });
    try {
      await dropReplicaDatabases(db, setup.databasePrefix);
    } catch (e) {
      log(`cannot drop the replicas' databases: ${e}`);
    } finally {
      await db.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    rollouts: o.rollouts,
    rows,
    note: `two processes of packages/backend (the demo backend of yarn start) on one PostgreSQL server, each with its own watch cache; signals between them over the events backend's database-backed bus. The entity owns ${o.rollouts} Healthy rollouts. actionToBrowser: pause / resume (alternating, rotating over the rollouts) sent to replica A, timed until the browser's WebSocket (on B with two replicas) receives the signal naming that rollout; clusterChangeToBrowser: an annotation PATCH sent straight to the API server, timed the same way`,
  };
}

async function showsAll(
  replica: ReturnType<typeof api>,
  rollouts: number,
  name: string,
) {
  await waitFor(
    `replica ${name} to show the ${rollouts} Healthy rollouts`,
    async () => {
      const r = await replica.view();
      const items = r.body?.items ?? [];
      return (
        r.status === 200 &&
        items.length === rollouts &&
        items.every((i: any) => i.phase === 'Healthy')
      );
    },
    { timeoutMs: 5 * 60_000, intervalMs: 1000 },
  );
}

async function measureRow(o: {
  seeder: BenchCluster;
  ns: string;
  rolloutNames: string[];
  token: string;
  replicas: 1 | 2;
  acting: ReturnType<typeof api>;
  viewer: BackendReplica;
  viewSamples: number;
  propagationSamples: number;
  timeoutMs: number;
  log: (line: string) => void;
}): Promise<ReplicasRow> {
  const servedBy = o.viewer.name as 'A' | 'B';
  const viewing = api(o.viewer, o.token);
  o.log(`  ${o.replicas} replica(s): ${o.viewSamples} views on ${servedBy}`);
  const views: number[] = [];
  for (let i = 0; i < o.viewSamples; i++) {
    const r = await viewing.view();
    if (r.status !== 200) throw new Error(`view answered ${r.status}`);
    views.push(r.ms);
  }

  const channel = rolloutsSignalChannel(ENTITY_REF);
  const socket = await SignalClient.connect(
    o.viewer.baseUrl,
    channel,
    5,
    o.token,
  );
  const about = (d: any, name: string) =>
    d?.channel === channel &&
    (d.message?.rollouts ?? []).some(
      (r: any) => r.name === name && r.namespace === o.ns,
    );
  let missed = 0;
  const timed = async (name: string, change: () => Promise<unknown>) => {
    const received = socket.next(d => about(d, name), o.timeoutMs);
    const start = process.hrtime.bigint();
    await change();
    const at = await received;
    if (!at) {
      missed++;
      return undefined;
    }
    return Number(at - start) / 1e6;
  };
  const actions: number[] = [];
  const changes: number[] = [];
  const paused = new Set<string>();
  try {
    // Warm-up: the subscription is in place once one change arrives.
    await timed(o.rolloutNames[0], () =>
      o.seeder.patchRollout(o.ns, o.rolloutNames[0], tick('warmup')),
    );
    missed = 0;
    o.log(
      `  ${o.replicas} replica(s): ${o.propagationSamples} actions on A and ${o.propagationSamples} cluster changes → WebSocket on ${servedBy}`,
    );
    for (let i = 0; i < o.propagationSamples; i++) {
      const name = o.rolloutNames[i % o.rolloutNames.length];
      const action = paused.has(name) ? 'resume' : 'pause';
      const ms = await timed(name, async () => {
        const r = await o.acting.act(o.ns, name, action);
        if (r.status !== 200)
          throw new Error(
            `${action} of ${name}: ${r.status} ${JSON.stringify(r.body)}`,
          );
      });
      if (action === 'pause') paused.add(name);
      else paused.delete(name);
      if (ms !== undefined) actions.push(ms);
      // A different rollout than the action's (whose controller follow-up may still come).
      const other =
        o.rolloutNames[
          (i + 1 + Math.floor(o.rolloutNames.length / 2)) %
            o.rolloutNames.length
        ];
      const changed = await timed(other, () =>
        o.seeder.patchRollout(o.ns, other, tick(String(i))),
      );
      if (changed !== undefined) changes.push(changed);
    }
  } finally {
    socket.close();
  }
  return {
    replicas: o.replicas,
    servedBy,
    view: summarize(views),
    actionToBrowser: summarize(actions),
    clusterChangeToBrowser: summarize(changes),
    missed,
  };
}

function tick(value: string) {
  return { metadata: { annotations: { [TICK]: `${Date.now()}-${value}` } } };
}
