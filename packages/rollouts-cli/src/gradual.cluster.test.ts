/*
 * The real `gradual` binary against a real rollouts backend (startTestBackend
 * with Backstage's real auth, httpAuth and permissions services, static
 * external-access tokens and rollouts.servicePrincipals) on the REAL local
 * cluster (kube-apiserver + the Argo Rollouts controller). Needs
 * GRADUAL_KUBECONFIG (admin kubeconfig of the local cluster); skipped, and
 * reported so, without it.
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
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { EXIT } from './exitCodes';

const KUBECONFIG = process.env.GRADUAL_KUBECONFIG;
if (!KUBECONFIG) {
  // eslint-disable-next-line no-console
  console.warn(
    '\n*** gradual CLI cluster tests SKIPPED: set GRADUAL_KUBECONFIG to the local cluster admin kubeconfig ***\n',
  );
}
const describeIfCluster = KUBECONFIG ? describe : describe.skip;

jest.setTimeout(10 * 60_000);

const BIN = path.resolve(__dirname, '../bin/gradual');
const NS = `gradual-cli-${Date.now().toString(36)}`;
const TOKEN_A = 'test-ci-team-a-token-0123456789';
const TOKEN_JUDGE = 'test-judge-token-0123456789';
const IMAGE_1 = 'registry.local/web:1.0.0';
const IMAGE_2 = 'registry.local/web:2.0.0';

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
      ['--kubeconfig', KUBECONFIG!, ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`))
          : resolve(stdout),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
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

describeIfCluster('gradual CLI on the real cluster', () => {
  let url = '';

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
    await kubectl(['create', 'namespace', NS]);
    await kubectl(['apply', '-f', '-'], JSON.stringify(rolloutManifest));
    const { server } = await startTestBackend({
      features: [
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
                  requestTimeout: 5000,
                },
              ],
              servicePrincipals: [
                {
                  subject: 'ci-team-a',
                  entities: { owners: ['group:default/team-a'] },
                  actions: ['promote', 'abort', 'undo', 'set-image'],
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
    await kubectl(['delete', 'namespace', NS, '--wait=false']).catch(() => {});
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
    expect(await liveImage()).toBe(before);
  });

  it('bad tokens and bad input get their exit codes, nothing changed', async () => {
    const before = await liveImage();
    const wrong = await gradual(['promote', 'cli-shop'], 'not-a-valid-token');
    expect(wrong.code).toBe(EXIT.denied);
    expect(wrong.stderr).toMatch(/401.*GRADUAL_TOKEN/);
    // a user token whose time is up (exp in the past)
    const b64 = (o: object) =>
      Buffer.from(JSON.stringify(o)).toString('base64url');
    const expired = `${b64({ alg: 'ES256', kid: 'k' })}.${b64({
      sub: 'user:default/someone',
      exp: Math.floor(Date.now() / 1000) - 3600,
    })}.c2ln`;
    expect((await gradual(['list', 'cli-shop'], expired)).code).toBe(
      EXIT.denied,
    );
    expect((await gradual(['list', 'cli-shop'], null)).code).toBe(EXIT.denied);
    const unknownEntity = await gradual(['promote', 'no-such-service']);
    expect(unknownEntity.code).toBe(EXIT.badInput);
    expect(unknownEntity.stderr).toMatch(/404.*not found/);
    const unknownRollout = await gradual(['promote', 'cli-shop', 'api']);
    expect(unknownRollout.code).toBe(EXIT.badInput);
    expect(unknownRollout.stderr).toMatch(
      /no rollout api for cli-shop; it has: local\/.*\/web/,
    );
    expect(
      (await gradual(['status', 'cli-shop', '--wait', '--timeout', '2h'])).code,
    ).toBe(EXIT.badInput);
    expect((await gradual(['deploy', 'cli-shop'])).code).toBe(EXIT.badInput);
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

    const undo = await gradual(['undo', 'cli-shop']);
    expect(undo.code).toBe(EXIT.ok);
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
    expect(r.code).toBe(EXIT.ok);
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
      ]),
    );
    const table = await gradual(['history', 'cli-shop']);
    expect(table.stdout).toMatch(/^TIME\s+ACTOR\s+ACTION\s+OUTCOME/);
  });
});
