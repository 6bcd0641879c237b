/*
 * Two replicas behave as one. Two real processes of this backend (ports of
 * their own) share one fresh set of PostgreSQL databases and watch the real
 * local cluster (own namespace and catalog entity):
 *
 * - a replica that starts late serves the same view as the first one;
 * - a signal published by replica A (the only one the user viewed the entity
 *   on) reaches a browser's WebSocket on replica B, over the events backend's
 *   database-backed bus, and so does the owners' notification of an abort;
 * - 50 concurrent promotes of one paused step, 25 per replica, advance exactly
 *   one step and leave 1 success + 49 conflicts in the shared history;
 * - a replica killed mid-action loses nothing: its actions' history rows
 *   are written `pending` before their patches, and the other replica
 *   resolves them from the cluster once overdue — a promote killed after its
 *   patch shows `landed`, a pause killed before its patch `not-landed`. The
 *   replica is held at those points by the plugin's test-only fault
 *   injection (GRADUAL_TEST_HOLD_ACTIONS) and then SIGKILLed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  ROLLOUTS_API,
  TestCluster,
  clusterEntry,
  connectTestCluster,
  createNamespace,
  createRollout,
  deleteNamespace,
  entityFor,
  freePort,
  getRollout,
  integrationEnabled,
  rolloutManifest,
  testNamespace,
  waitUntil,
} from '@gradual/test-utils';
import { rolloutsSignalChannel } from '@gradual/plugin-rollouts-common';
import { BackendReplica } from './testing/BackendReplica';
import {
  ReplicaSetup,
  dropReplicaDatabases,
  guestToken,
  writeReplicaConfig,
} from './testing/replicaConfig';

const postgresUrl = process.env.GRADUAL_TEST_POSTGRES_URL;
const describeIfReady =
  integrationEnabled() && postgresUrl ? describe : describe.skip;
jest.setTimeout(10 * 60_000);

const NS = testNamespace('replicas');
const ENTITY = 'replicas-canary';
const ENTITY_REF = `component:default/${ENTITY}`;
const OWNER = 'user:development/guest';
const BASE = `/api/rollouts/entities/component/default/${ENTITY}/rollouts`;
const RO = `${BASE}/local/${NS}/canary`;
const OTHER = `${BASE}/local/${NS}/other`;
/** Pending rows older than this are resolved by whichever replica reads them. */
const PENDING_GRACE_SECONDS = 5;
const STEPS = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 40 },
  { pause: {} },
  { setWeight: 60 },
  { pause: {} },
];
/** The shared local controller can be slow when other tests load it. */
const CONTROLLER_WAIT_MS = 5 * 60_000;
const DB_PREFIX = `gradual_replicas_${Date.now().toString(36)}_`;

/** The step the controller has paused at (everything observed), else undefined. */
function pausedAt(ro: any): number | undefined {
  const s = ro.status ?? {};
  const observed =
    String(s.observedGeneration) === String(ro.metadata.generation);
  const atPause = (s.pauseConditions ?? []).some(
    (c: any) => c.reason === 'CanaryPauseStep',
  );
  return observed && atPause && s.phase === 'Paused'
    ? (s.currentStepIndex as number)
    : undefined;
}

/** A browser's signals connection: every message received, by channel. */
class SignalsSocket {
  readonly messages: Array<{ channel: string; message: any }> = [];
  readonly #ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener('message', e => {
      this.messages.push(JSON.parse(String(e.data)));
    });
  }

  static async open(
    replica: BackendReplica,
    token: string,
    channels: string[],
  ): Promise<SignalsSocket> {
    // The signals backend hooks the server's WebSocket upgrades on the first
    // upgrade request it sees, which itself gets no answer: browsers' signal
    // clients reconnect, and so does this one.
    let ws: WebSocket | undefined;
    for (let attempt = 1; !ws; attempt++) {
      const candidate = new WebSocket(
        `ws://localhost:${replica.port}/api/signals`,
        [token],
      );
      const opened = await new Promise<boolean>(resolve => {
        const timer = setTimeout(() => resolve(false), 5_000);
        candidate.addEventListener('open', () => {
          clearTimeout(timer);
          resolve(true);
        });
        candidate.addEventListener('error', () => {
          clearTimeout(timer);
          resolve(false);
        });
      });
      if (opened) ws = candidate;
      else {
        candidate.close();
        if (attempt >= 5)
          throw new Error(`no signals connection to replica ${replica.name}`);
      }
    }
    for (const channel of channels)
      ws.send(JSON.stringify({ action: 'subscribe', channel }));
    return new SignalsSocket(ws);
  }

  on(channel: string) {
    return this.messages.filter(m => m.channel === channel);
  }

  close() {
    this.#ws.close();
  }
}

describeIfReady('two replicas on one PostgreSQL database', () => {
  // A connection to the same server (test-services.env points both at it),
  // to drop the replicas' databases afterwards.
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15'],
    disableDocker: true,
  });
  let cluster: TestCluster;
  let a: BackendReplica | undefined;
  let b: BackendReplica | undefined;
  let configB: string;
  let token: string;
  const call = async (
    replica: BackendReplica,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ) => {
    const res = await fetch(`${replica.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const promoteHistory = async (replica: BackendReplica) =>
    (await call(replica, `${RO}/history?limit=500`)).body.items.filter(
      (e: any) => e.action === 'promote',
    );

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, NS);
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'canary', ENTITY, { steps: STEPS }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'gradual-replicas-'));
    const entitiesFile = join(dir, 'entities.yaml');
    writeFileSync(
      entitiesFile,
      JSON.stringify(entityFor(ENTITY, { owner: OWNER, namespace: NS })),
    );
    const [portA, portB] = [await freePort(), await freePort()];
    const setup: ReplicaSetup = {
      dir,
      cluster: clusterEntry(cluster, 'local'),
      entitiesFile,
      postgresUrl: postgresUrl!,
      databasePrefix: DB_PREFIX,
      rollouts: { history: { pendingGraceSeconds: PENDING_GRACE_SECONDS } },
    };
    const configA = writeReplicaConfig(setup, 'a', portA);
    configB = writeReplicaConfig(setup, 'b', portB);
    a = await BackendReplica.start({
      name: 'A',
      port: portA,
      configFiles: [join(__dirname, '../../../app-config.yaml'), configA],
      timeoutMs: 5 * 60_000,
    });
    token = await guestToken(a);
    await waitUntil(
      'the first revision to be Healthy',
      async () =>
        (await getRollout(cluster.admin, NS, 'canary')).status?.phase ===
        'Healthy',
      CONTROLLER_WAIT_MS,
    );
    await cluster.admin.request(
      'PATCH',
      `${ROLLOUTS_API}/namespaces/${NS}/rollouts/canary`,
      {
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'app', image: 'registry.local/faults/app:2.0.0' },
                ],
              },
            },
          },
        },
        contentType: 'application/merge-patch+json',
      },
    );
    await waitUntil(
      'the canary to pause at step 1',
      async () => pausedAt(await getRollout(cluster.admin, NS, 'canary')) === 1,
      CONTROLLER_WAIT_MS,
    );
    await waitUntil(
      'the catalog of replica A to know the entity and A to show the pause',
      async () => {
        const r = await call(a!, RO);
        return r.status === 200 && r.body.phase === 'Paused';
      },
      // A loaded machine: the catalog's first processing and the first cache sync.
      CONTROLLER_WAIT_MS,
    );
    // B starts late: after A has served and the rollout has moved.
    b = await BackendReplica.start({
      name: 'B',
      port: portB,
      configFiles: [join(__dirname, '../../../app-config.yaml'), configB],
      timeoutMs: 5 * 60_000,
    });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (cluster) await deleteNamespace(cluster.admin, NS);
    cluster?.admin.close();
    if (postgresUrl)
      await dropReplicaDatabases(
        await databases.init('POSTGRES_15'),
        DB_PREFIX,
      );
  });

  it('a signal published by replica A reaches a browser connected to replica B', async () => {
    const socket = await SignalsSocket.open(b!, token, [
      rolloutsSignalChannel(ENTITY_REF),
    ]);
    try {
      // The user views the entity on A only: only A knows someone watches it.
      expect((await call(a!, BASE)).status).toBe(200);
      // A change in the cluster, observed by both replicas' watch caches.
      await cluster.admin.request(
        'PATCH',
        `${ROLLOUTS_API}/namespaces/${NS}/rollouts/canary`,
        {
          body: { metadata: { annotations: { 'gradual.test/touch': '1' } } },
          contentType: 'application/merge-patch+json',
        },
      );
      const received = await waitUntil(
        'the rollouts signal on the socket of replica B',
        async () => {
          const m = socket.on(rolloutsSignalChannel(ENTITY_REF));
          return m.length > 0 && m;
        },
        30_000,
      );
      expect(received[0].message).toMatchObject({
        type: 'rollouts-changed',
        entityRef: ENTITY_REF,
        rollouts: [{ cluster: 'local', namespace: NS, name: 'canary' }],
      });
    } finally {
      socket.close();
    }
  });

  it('the replica that started late serves the same view once synced', async () => {
    const view = async (r: BackendReplica) => {
      const res = await call(r, RO);
      return res.status === 200 ? JSON.stringify(res.body) : res.status;
    };
    await waitUntil(
      'replica B to serve what replica A serves',
      async () => (await view(a!)) === (await view(b!)),
      60_000,
    );
    const list = await Promise.all([call(a!, BASE), call(b!, BASE)]);
    expect(list[1].body).toEqual(list[0].body);
  });

  it('50 concurrent promotes over both replicas advance exactly one step: 1 success + 49 conflicts in history', async () => {
    await waitUntil(
      'both replicas to show the pause at step 1',
      async () => {
        const [ra, rb] = await Promise.all([call(a!, RO), call(b!, RO)]);
        return ra.body.phase === 'Paused' && rb.body.phase === 'Paused';
      },
      60_000,
    );
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(i % 2 ? b! : a!, `${RO}/actions/promote`, {
          method: 'POST',
          body: { expected: { step: 1 } },
        }),
      ),
    );
    const statuses = responses.map(r => r.status);
    expect({
      ok: statuses.filter(s => s === 200).length,
      conflict: statuses.filter(s => s === 409).length,
    }).toEqual({ ok: 1, conflict: 49 });

    const settled = await waitUntil(
      'the controller to pause at the next pause step',
      async () => {
        const ro = await getRollout(cluster.admin, NS, 'canary');
        const at = pausedAt(ro);
        return at !== undefined && at > 1 && ro;
      },
      CONTROLLER_WAIT_MS,
    );
    expect(settled.status.currentStepIndex).toBe(3);

    // One history, whichever replica is asked.
    for (const replica of [a!, b!]) {
      const entries = await promoteHistory(replica);
      expect(entries).toHaveLength(50);
      expect(
        entries.filter((e: any) => e.outcome === 'succeeded'),
      ).toHaveLength(1);
      expect(entries.filter((e: any) => e.outcome === 'conflict')).toHaveLength(
        49,
      );
    }
  });

  it('a replica killed mid-action loses nothing: the other replica tells from the cluster whether each action landed', async () => {
    // A second rollout of the entity, settled (nothing writes it any more).
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'other', ENTITY, {
        image: 'registry.local/faults/app:1.0.0',
      }),
    );
    await waitUntil(
      'the other rollout to be Healthy',
      async () =>
        (await getRollout(cluster.admin, NS, 'other')).status?.phase ===
        'Healthy',
      CONTROLLER_WAIT_MS,
    );
    // B comes back as a replica that holds a promote after its patch and a
    // pause before its patch, until it is killed.
    await b!.stop();
    b = await BackendReplica.start({
      name: 'B-held',
      port: b!.port,
      configFiles: [join(__dirname, '../../../app-config.yaml'), configB],
      timeoutMs: 5 * 60_000,
      env: {
        GRADUAL_TEST_HOLD_ACTIONS: 'promote:after-patch,pause:before-patch',
      },
    });
    let otherBefore: any;
    // However this goes, the held replica must not outlive the test.
    try {
      await waitUntil(
        'replica B to serve both rollouts, the canary paused at step 3',
        async () => {
          const [ro, other] = await Promise.all([
            call(b!, RO),
            call(b!, OTHER),
          ]);
          return (
            ro.status === 200 &&
            ro.body.phase === 'Paused' &&
            other.status === 200 &&
            other.body.phase === 'Healthy'
          );
        },
        CONTROLLER_WAIT_MS,
      );
      otherBefore = await getRollout(cluster.admin, NS, 'other');
      const answers = Promise.all([
        call(b!, `${RO}/actions/promote`, {
          method: 'POST',
          body: { expected: { step: 3 } },
        }),
        call(b!, `${OTHER}/actions/pause`, { method: 'POST', body: {} }),
      ]).then(
        r => ({ statuses: r.map(x => x.status) }),
        (e: Error) => ({ error: e.message }),
      );
      await b!.waitForOutput(
        /fault injection: holding promote after-patch/,
        120_000,
      );
      await b!.waitForOutput(
        /fault injection: holding pause before-patch/,
        120_000,
      );
      await b!.kill();
      // The callers got no answer: the replica died mid-action.
      expect(await answers).toEqual({ error: expect.any(String) });
    } finally {
      await b!.kill();
    }

    const resolved = async (path: string, action: string) =>
      waitUntil(
        `the ${action} of the killed replica to be resolved in A's history`,
        async () => {
          const items = (await call(a!, `${path}/history?limit=10`)).body.items;
          const mine = items.filter((e: any) => e.action === action)[0];
          return mine && mine.outcome !== 'pending' && mine;
        },
        120_000,
      );
    const promote = await resolved(RO, 'promote');
    expect(promote).toMatchObject({
      outcome: 'landed',
      actor: OWNER,
      params: { expected: { step: 3 } },
      before: { step: 3 },
      message: expect.stringMatching(
        /stopped before recording its outcome; it landed/,
      ),
    });
    const pause = await resolved(OTHER, 'pause');
    expect(pause).toMatchObject({
      outcome: 'not-landed',
      message: expect.stringMatching(
        /it did not land: the rollout is unchanged/,
      ),
    });

    // The cluster agrees: the promote moved the canary on, the pause never came.
    const moved = await waitUntil(
      'the controller to act on the landed promote',
      async () => {
        const ro = await getRollout(cluster.admin, NS, 'canary');
        return (ro.status?.currentStepIndex ?? 0) > 3 && ro;
      },
      CONTROLLER_WAIT_MS,
    );
    expect(moved.status.currentStepIndex).toBeGreaterThan(3);
    const otherAfter = await getRollout(cluster.admin, NS, 'other');
    expect(otherAfter.spec.paused).toBeFalsy();
    expect(otherAfter.metadata.resourceVersion).toBe(
      otherBefore.metadata.resourceVersion,
    );
  });

  it("the owners' notification of an abort reaches a browser on the other replica", async () => {
    // B is back (a new process: nothing in memory from before).
    b = await BackendReplica.start({
      name: 'B2',
      port: b!.port,
      configFiles: [join(__dirname, '../../../app-config.yaml'), configB],
      timeoutMs: 5 * 60_000,
    });
    await waitUntil(
      'replica B to show the rollout again',
      async () => {
        const r = await call(b!, RO);
        if (r.status !== 200)
          throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
        return true;
      },
      CONTROLLER_WAIT_MS,
    );
    const socket = await SignalsSocket.open(b!, token, ['notifications']);
    try {
      const abort = await call(a!, `${RO}/actions/abort`, {
        method: 'POST',
        body: {},
      });
      expect(abort.status).toBe(200);
      await waitUntil(
        'the notification signal on the socket of replica B',
        async () => socket.on('notifications').length > 0,
        CONTROLLER_WAIT_MS,
      );
      const mine = await waitUntil(
        'the abort notification in the list on replica B',
        async () => {
          const r = await call(b!, '/api/notifications/notifications');
          const found = (r.body?.notifications ?? []).filter((n: any) =>
            /aborted/.test(n.payload?.title ?? ''),
          );
          return found.length > 0 && found;
        },
        CONTROLLER_WAIT_MS,
      );
      // Both replicas observed the abort; the first to claim it in the
      // plugin database sent it, the other left it. Each send signals the
      // user (a resend of the same scope too), so the notification's signal
      // arrives once however long one waits past both replicas' checks.
      await new Promise(r => setTimeout(r, 8_000));
      const signalsOfIt = socket
        .on('notifications')
        .filter(m => m.message?.notification_id === mine[0].id);
      expect(signalsOfIt).toHaveLength(1);
      expect(mine).toHaveLength(1);
    } finally {
      socket.close();
    }
  });
});
