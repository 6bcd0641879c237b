/*
 * The real `gradual` binary against a real rollouts backend (startTestBackend
 * with Backstage's real auth, httpAuth and permissions services, static and
 * JWKS external-access tokens and rollouts.servicePrincipals) on the REAL
 * local cluster (kube-apiserver + the Argo Rollouts controller), through
 * GRADUAL_KUBECONFIG (admin kubeconfig of the local cluster; a cluster test:
 * the cluster project fails without it). Its namespace is deleted after the
 * run; one left by a killed run is deleted by the next.
 */
import { startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import rolloutsPlugin from '@gradual/plugin-rollouts-backend';
import { execFile, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { EXIT } from './exitCodes';
import { sqliteDatabaseServiceFactory } from '@gradual/test-utils/backend';

const KUBECONFIG = process.env.GRADUAL_KUBECONFIG!;

jest.setTimeout(10 * 60_000);

const BIN = path.resolve(__dirname, '../bin/gradual');
const NS_PREFIX = 'gradual-cli-';
const NS = `${NS_PREFIX}${Date.now().toString(36)}`;
/** A namespace of this test older than this was left by a run that was killed before its afterAll. */
const STALE_NAMESPACE_MS = 30 * 60_000;
const TOKEN_A = 'test-ci-team-a-token-0123456789';
const TOKEN_JUDGE = 'test-judge-token-0123456789';
const IMAGE_1 = 'registry.local/web:1.0.0';
const IMAGE_2 = 'registry.local/web:2.0.0';
const IMAGE_3 = 'registry.local/web:3.0.0';
/** Issuer of the JWKS external-access tokens (a real key pair, served by the test). */
const JWT_ISSUER = 'https://ci.example.test';

const entity = (name: string, owner: string, kubernetesId: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': kubernetesId,
      'backstage.io/kubernetes-namespace': NS,
    },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

function kubectl(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', KUBECONFIG, ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`))
          : resolve(stdout),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Deletes the namespaces earlier runs of this test left (killed before their afterAll). */
async function deleteStaleNamespaces() {
  const list = JSON.parse(await kubectl(['get', 'namespaces', '-o', 'json']));
  const stale = (list.items as any[])
    .filter(
      ns =>
        ns.metadata.name.startsWith(NS_PREFIX) &&
        !ns.metadata.deletionTimestamp &&
        Date.now() - Date.parse(ns.metadata.creationTimestamp) >
          STALE_NAMESPACE_MS,
    )
    .map(ns => ns.metadata.name as string);
  if (stale.length) {
    await kubectl(['delete', 'namespace', ...stale, '--wait=false']);
  }
}

const rolloutManifest = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'web',
    namespace: NS,
    labels: { 'backstage.io/kubernetes-id': 'cli-shop', app: 'web' },
  },
  spec: {
    replicas: 1,
    revisionHistoryLimit: 5,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: IMAGE_1 }] },
    },
    strategy: {
      canary: {
        steps: [
          { setWeight: 25 },
          { pause: {} },
          { setWeight: 50 },
          { pause: {} },
        ],
      },
    },
  },
};

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

describe('gradual CLI on the real cluster', () => {
  let url = '';
  let jwksServer: Server | undefined;
  /** Signs a JWKS external-access token for subject `ci-jwks`, expiring at `exp` (seconds). */
  let signJwt: (exp: number) => Promise<string> = async () => '';

  const gradual = (args: string[], token: string | null = TOKEN_A) =>
    new Promise<CliRun>(resolve => {
      execFile(
        process.execPath,
        [BIN, '--url', url, ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            ...(token !== null ? { GRADUAL_TOKEN: token } : {}),
          },
          timeout: 5 * 60_000,
        },
        (err, stdout, stderr) => {
          let code = 0;
          if (err) code = typeof err.code === 'number' ? err.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  const liveImage = async () =>
    (
      await kubectl([
        'get',
        'rollout',
        'web',
        '-n',
        NS,
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image} {.metadata.resourceVersion}',
      ])
    ).trim();

  beforeAll(async () => {
    await deleteStaleNamespaces();
    // a real key pair: a token signed with it is valid until its exp
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwks = JSON.stringify({
      keys: [{ ...(await exportJWK(publicKey)), kid: 'ci', alg: 'ES256' }],
    });
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(jwks);
    });
    await new Promise<void>(r => jwksServer!.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${
      (jwksServer.address() as AddressInfo).port
    }/jwks.json`;
    signJwt = exp =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'ci' })
        .setIssuer(JWT_ISSUER)
        .setSubject('ci-jwks')
        .setIssuedAt(exp - 600)
        .setExpirationTime(exp)
        .sign(privateKey);
    await kubectl(['create', 'namespace', NS]);
    await kubectl(['apply', '-f', '-'], JSON.stringify(rolloutManifest));
    const { server } = await startTestBackend({
      features: [
        sqliteDatabaseServiceFactory,
        rolloutsPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        permissionsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: TOKEN_A, subject: 'ci-team-a' },
                    accessRestrictions: [{ plugin: 'rollouts' }],
                  },
                  {
                    type: 'static',
                    options: { token: TOKEN_JUDGE, subject: 'judge' },
                    accessRestrictions: [{ plugin: 'rollouts' }],
                  },
                  {
                    type: 'jwks',
                    options: {
                      url: jwksUrl,
                      issuer: JWT_ISSUER,
                      algorithm: 'ES256',
                    },
                    accessRestrictions: [{ plugin: 'rollouts' }],
                  },
                ],
              },
            },
            permission: { enabled: true },
            rollouts: {
              watchSilenceSeconds: 60,
              clusters: [
                {
                  name: 'local',
                  kubeconfig: { path: KUBECONFIG },
                  // the shared cluster may hold thousands of bench rollouts:
                  // the watch cache's first LIST pages take a while
                  requestTimeout: 60_000,
                },
              ],
              servicePrincipals: [
                {
                  subject: 'ci-team-a',
                  entities: { owners: ['group:default/team-a'] },
                  actions: ['promote', 'abort', 'undo', 'set-image'],
                },
                {
                  // JWKS subjects are external:<sub>
                  subject: 'external:ci-jwks',
                  entities: { owners: ['group:default/team-a'] },
                  actions: ['read'],
                },
              ],
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            entity('cli-shop', 'group:default/team-a', 'cli-shop'),
            // another team's service over the same rollout
            entity('cli-payments', 'group:default/team-b', 'cli-shop'),
          ],
        }),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actionsRegistryServiceMock(),
        }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({ publish: async () => {} }),
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} } as any),
        }),
      ],
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // the first sync of the watch cache on a loaded cluster takes a while
    for (let i = 0; i < 60; i++) {
      const list = await gradual(['list', 'cli-shop', '-o', 'json']);
      if (list.code === 0 && JSON.parse(list.stdout).items.length) return;
      await new Promise(r => setTimeout(r, 2000));
    }
    throw new Error('the rollout never appeared in the watch cache');
  });

  afterAll(async () => {
    jwksServer?.close();
    await kubectl(['delete', 'namespace', NS, '--wait=false']);
  });

  it('waits for Healthy, lists and shows the tree', async () => {
    const ready = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--timeout',
      '300s',
    ]);
    expect(ready).toMatchObject({ code: EXIT.ok });
    expect(ready.stdout).toMatch(/Healthy: rollout reached healthy/);
    const list = await gradual(['list', 'component:default/cli-shop']);
    expect(list.code).toBe(EXIT.ok);
    expect(list.stdout).toMatch(
      new RegExp(`local\\s+${NS}\\s+web\\s+Canary\\s+Healthy\\s+4/4`),
    );
    const tree = await gradual(['get', 'cli-shop', 'web']);
    expect(tree.code).toBe(EXIT.ok);
    expect(tree.stdout).toMatch(/^Name:\s+web$/m);
    expect(tree.stdout).toMatch(/⟳ web\s+Rollout\s+✔ Healthy/);
  });

  it('deploys a new image and `status --wait` sees the pause, with progress', async () => {
    const set = await gradual(['set-image', 'cli-shop', `app=${IMAGE_2}`]);
    expect(set.code).toBe(EXIT.ok);
    expect((await liveImage()).split(' ')[0]).toBe(IMAGE_2);
    const paused = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--until',
      'paused',
      '--timeout',
      '300',
    ]);
    expect(paused.code).toBe(EXIT.ok);
    expect(paused.stdout).toMatch(/Paused: rollout reached paused/);
    expect(paused.stderr).toMatch(
      /step 1\/4 \(Pause until promoted\) · weight 25%/,
    );
  });

  it('times out (exit 2) waiting for Healthy while paused', async () => {
    const r = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--timeout',
      '2s',
      '--output',
      'json',
    ]);
    expect(r.code).toBe(EXIT.timeout);
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'timeout',
      until: 'healthy',
      state: { phase: 'Paused', step: { index: 1, count: 4 } },
    });
  });

  /** `gradual get cli-shop --watch …` running: its output so far, waits on it, its exit. */
  const startWatch = (args: string[] = []) => {
    const child = spawn(
      process.execPath,
      [BIN, '--url', url, 'get', 'cli-shop', '--watch', ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          GRADUAL_TOKEN: TOKEN_A,
        },
      },
    );
    const w = {
      child,
      out: '',
      err: '',
      exited: new Promise<{ code: number | null; signal: string | null }>(r =>
        child.on('exit', (code, signal) => r({ code, signal })),
      ),
      /** Waits until the output matches, the watch still running. */
      waitForOutput: async (what: RegExp) => {
        for (let i = 0; i < 300 && !what.test(w.out); i++) {
          if (child.exitCode !== null) break;
          await new Promise(r => setTimeout(r, 200));
        }
        expect({ out: w.out, err: w.err, exitCode: child.exitCode }).toEqual({
          out: expect.stringMatching(what),
          err: expect.any(String),
          exitCode: null,
        });
      },
    };
    child.stdout.on('data', chunk => (w.out += chunk));
    child.stderr.on('data', chunk => (w.err += chunk));
    return w;
  };
  /** How many trees a watch printed (each starts with the rollout's name line). */
  const trees = (out: string) => out.match(/^Name:/gm)?.length ?? 0;

  it('`get --watch` prints the tree again when the rollout changes, until stopped', async () => {
    // paused mid-update: the watch goes on until it is stopped
    const watch = startWatch();
    try {
      await watch.waitForOutput(/# revision:2/);
      expect(watch.out).not.toMatch(/# revision:3/);
      const set = await gradual(['set-image', 'cli-shop', `app=${IMAGE_3}`]);
      expect(set).toMatchObject({ code: EXIT.ok });
      // the new revision appears in the watch output, then its pod's image
      await watch.waitForOutput(/# revision:3/);
      await watch.waitForOutput(/registry\.local\/web:3\.0\.0 \(canary\)/);
    } finally {
      watch.child.kill('SIGTERM');
    }
    // still watching when stopped; SIGTERM ends it cleanly, like Ctrl-C
    expect(await watch.exited).toEqual({ code: 0, signal: null });
    // back at the pause of step 1, as the tests below expect
    const paused = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--until',
      'paused',
      '--timeout',
      '300',
      '--output',
      'json',
    ]);
    expect(paused).toMatchObject({ code: EXIT.ok });
    expect(JSON.parse(paused.stdout).state).toMatchObject({
      revision: '3',
      step: { index: 1, count: 4 },
    });
  });

  it("refuses a stale step (exit 4) and another team's service (exit 3), changing nothing", async () => {
    const before = await liveImage();
    const stale = await gradual([
      'promote',
      'cli-shop',
      '--expected-step',
      '0',
    ]);
    expect(stale.code).toBe(EXIT.conflict);
    expect(stale.stderr).toMatch(/409.*step is 1, expected 0/);
    const denied = await gradual([
      'promote',
      'cli-payments',
      `local/${NS}/web`,
    ]);
    expect(denied.code).toBe(EXIT.denied);
    expect(denied.stderr).toMatch(/403/);
    // a subject without a grant may not even read
    const judge = await gradual(['list', 'cli-shop'], TOKEN_JUDGE);
    expect(judge.code).toBe(EXIT.denied);
    // an action the grant does not list
    const restart = await gradual(['restart', 'cli-shop']);
    expect(restart.code).toBe(EXIT.denied);
    // granted promote only: skipping a step or promoting fully is another action
    const skip = await gradual(['skip', 'cli-shop']);
    expect(skip).toMatchObject({ code: EXIT.denied });
    expect(skip.stderr).toMatch(
      /403.*rollouts\.rollout\.promote \(skip-step\)/,
    );
    const full = await gradual(['promote', 'cli-shop', '--full']);
    expect(full).toMatchObject({ code: EXIT.denied });
    expect(full.stderr).toMatch(/403.*\(promote-full\)/);
    expect(await liveImage()).toBe(before);
  });

  it('bad tokens and bad input get their exit codes, nothing changed', async () => {
    const before = await liveImage();
    const wrong = await gradual(['promote', 'cli-shop'], 'not-a-valid-token');
    expect(wrong.code).toBe(EXIT.denied);
    expect(wrong.stderr).toMatch(/401.*GRADUAL_TOKEN/);
    // a correctly signed JWKS token: valid, then the same whose time is up
    const now = Math.floor(Date.now() / 1000);
    const valid = await gradual(['list', 'cli-shop'], await signJwt(now + 600));
    expect(valid).toMatchObject({ code: EXIT.ok });
    const expired = await gradual(
      ['list', 'cli-shop'],
      await signJwt(now - 60),
    );
    expect(expired).toMatchObject({ code: EXIT.denied });
    expect(expired.stderr).toMatch(/401.*expired/);
    expect((await gradual(['list', 'cli-shop'], null)).code).toBe(EXIT.denied);
    const unknownEntity = await gradual(['promote', 'no-such-service']);
    expect(unknownEntity.code).toBe(EXIT.badInput);
    expect(unknownEntity.stderr).toMatch(/404.*not found/);
    const unknownRollout = await gradual(['promote', 'cli-shop', 'api']);
    expect(unknownRollout.code).toBe(EXIT.badInput);
    expect(unknownRollout.stderr).toMatch(
      /no rollout api for cli-shop; it has: local\/.*\/web/,
    );
    // named in full, the rollout is looked up by the backend
    const notTheEntitys = await gradual([
      'promote',
      'cli-shop',
      `local/${NS}/nope`,
    ]);
    expect(notTheEntitys).toMatchObject({ code: EXIT.badInput });
    expect(notTheEntitys.stderr).toMatch(
      new RegExp(`404.*rollout local/${NS}/nope not found`),
    );
    const unknownCluster = await gradual([
      'promote',
      'cli-shop',
      `elsewhere/${NS}/web`,
    ]);
    expect(unknownCluster).toMatchObject({ code: EXIT.badInput });
    expect(unknownCluster.stderr).toMatch(/404.*unknown cluster elsewhere/);
    const unknownRead = await gradual(['get', 'no-such-service']);
    expect(unknownRead).toMatchObject({ code: EXIT.badInput });
    expect(unknownRead.stderr).toMatch(/404.*not found/);
    const longWait = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--timeout',
      '2h',
    ]);
    expect(longWait).toMatchObject({ code: EXIT.badInput });
    expect(longWait.stderr).toMatch(/timeout must be from 1s to 3600s/);
    // refused before the action is sent
    const promoteNoWait = await gradual([
      'promote',
      'cli-shop',
      '--wait',
      '--timeout',
      '0',
    ]);
    expect(promoteNoWait).toMatchObject({ code: EXIT.badInput });
    const unknownAction = await gradual(['deploy', 'cli-shop']);
    expect(unknownAction).toMatchObject({ code: EXIT.badInput });
    expect(unknownAction.stderr).toMatch(/unknown command 'deploy'/);
    expect(await liveImage()).toBe(before);
  });

  it('promotes to the next pause, aborts (exit 1 on wait), undoes to Healthy', async () => {
    const promote = await gradual([
      'promote',
      'cli-shop',
      '--expected-step',
      '1',
    ]);
    expect(promote.code).toBe(EXIT.ok);
    const next = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--until',
      'paused',
      '--timeout',
      '300',
      '--output',
      'json',
    ]);
    expect(next.code).toBe(EXIT.ok);
    expect(JSON.parse(next.stdout).state).toMatchObject({
      phase: 'Paused',
      step: { index: 3, count: 4 },
      setWeight: 50,
    });

    const abort = await gradual(['abort', 'cli-shop']);
    expect(abort.code).toBe(EXIT.ok);
    const aborted = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--timeout',
      '300',
    ]);
    expect(aborted.code).toBe(EXIT.failed);
    expect(aborted.stdout).toMatch(
      /The rollout update was aborted: RolloutAborted/,
    );

    // back to the first image (revisions 2 and 3 are the newer images)
    const undo = await gradual(['undo', 'cli-shop', '--to-revision', '1']);
    expect(undo).toMatchObject({ code: EXIT.ok });
    expect((await liveImage()).split(' ')[0]).toBe(IMAGE_1);
    const healthy = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--timeout',
      '300',
    ]);
    expect(healthy.code).toBe(EXIT.ok);
  });

  it('shows every call in the history under the service subject', async () => {
    const r = await gradual(['history', 'cli-shop', '--output', 'json']);
    expect([r.code, r.stderr]).toEqual([EXIT.ok, '']);
    const items = JSON.parse(r.stdout).items as any[];
    const mine = items.filter(i => i.actor === 'service:ci-team-a');
    expect(mine.map(i => `${i.action}:${i.outcome}`)).toEqual(
      expect.arrayContaining([
        'set-image:succeeded',
        'promote:conflict',
        'promote:succeeded',
        'abort:succeeded',
        'undo:succeeded',
        'restart:denied',
        'skip-step:denied',
        'promote-full:denied',
      ]),
    );
    const table = await gradual(['history', 'cli-shop']);
    expect(table.stdout).toMatch(/^TIME\s+ACTOR\s+ACTION\s+OUTCOME/);
  });

  it('`get --watch` keeps watching a rollout at rest until Ctrl-C (exit 0); --timeout ends it with 0', async () => {
    const completed = await gradual([
      'status',
      'cli-shop',
      '--wait',
      '--until',
      'completed',
      '--timeout',
      '300',
    ]);
    expect(completed.code).toBe(EXIT.ok);
    const watch = startWatch(['--timeout', '1h']);
    try {
      await watch.waitForOutput(/Status:\s+\S+ Healthy/);
      const before = trees(watch.out);
      // a change of the rollout at rest (its metadata): a new tree, still watching
      await kubectl([
        'annotate',
        'rollout',
        'web',
        '-n',
        NS,
        '--overwrite',
        `gradual.test/watched=${Date.now()}`,
      ]);
      for (let i = 0; i < 150 && trees(watch.out) === before; i++) {
        if (watch.child.exitCode !== null) break;
        await new Promise(r => setTimeout(r, 200));
      }
      expect({
        more: trees(watch.out) > before,
        exitCode: watch.child.exitCode,
      }).toEqual({ more: true, exitCode: null });
    } finally {
      watch.child.kill('SIGINT');
    }
    expect(await watch.exited).toEqual({ code: 0, signal: null });
    expect(watch.err).toBe('');

    // the timeout ends it by itself, exit 0 (upstream `--timeout-seconds`)
    const timed = await gradual([
      'get',
      'cli-shop',
      '--watch',
      '--timeout',
      '2s',
    ]);
    expect([timed.code, timed.stderr]).toEqual([EXIT.ok, '']);
    expect(trees(timed.stdout)).toBeGreaterThanOrEqual(1);
  });
});
