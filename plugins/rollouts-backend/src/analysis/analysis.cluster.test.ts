/*
 * Analysis on the REAL local cluster: the real
 * Prometheus scraping the demo exporter, and the real Argo Rollouts
 * controller calling the canary judge of an in-process backend over HTTP.
 * A cluster test: GRADUAL_KUBECONFIG=<admin kubeconfig>.
 *
 * Everything happens in a namespace of its own (deleted afterwards): four
 * canary rollouts whose pods the exporter serves traffic for (it keys on the
 * `rollouts-pod-template-hash` label and the owning ReplicaSet
 * `<rollout>-<hash>`; an image tag ending in `-bad` gives ~15% 5xx and a slow
 * p99).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { ROLLOUT_ANALYSIS_ARGS } from '@gradual/plugin-rollouts-common';
import request from 'supertest';
import { stringify } from 'yaml';
import { rolloutPath } from '../kube/resources';
import { testPrometheusUrl, waitUntil } from '@gradual/test-utils';
import {
  connectTestCluster,
  demoAnalysisTemplates,
  TestCluster,
} from '../__testUtils__/testCluster';
import {
  RolloutsTestBackend,
  startRolloutsBackend,
} from '../__testUtils__/rolloutsBackend';
import { canaryJudgeAnalysisTemplate } from './presets/canaryJudgeTemplate';

jest.setTimeout(10 * 60_000);

const NS = `gradual-judge-test-${Date.now().toString(36)}`;
const TOKEN = `judge-test-${randomBytes(16).toString('hex')}`;
const KUBERNETES_ID = 'judge-test';
const ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: KUBERNETES_ID,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': KUBERNETES_ID,
      'backstage.io/kubernetes-namespace': NS,
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const GOOD = 'registry.local/judge-web:1.0.0';

const judgeArgs = (
  ['namespace', 'rollout', 'canary-hash', 'stable-hash'] as const
).map(name => ({ name, ...ROLLOUT_ANALYSIS_ARGS[name] }));

function rolloutManifest(name: string, image: string, steps: unknown[]) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace: NS,
      labels: { 'backstage.io/kubernetes-id': KUBERNETES_ID, app: name },
    },
    spec: {
      replicas: 4,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image }] },
      },
      strategy: { canary: { steps } },
    },
  };
}

/** A canary gated by the judge: 50% of the pods, 30 s of traffic, then the judge. */
const JUDGED_STEPS = [
  { setWeight: 50 },
  { pause: { duration: '30s' } },
  {
    analysis: {
      templates: [{ templateName: 'canary-judge' }],
      args: judgeArgs,
    },
  },
];

describe('analysis on the real local cluster', () => {
  let cluster: TestCluster;
  let backend: RolloutsTestBackend;
  let server: any;
  let prometheusUrl: string;
  let judgeUrl: string;

  const live = (name: string) =>
    cluster.admin.request<any>('GET', rolloutPath(NS, name));
  const createIn = (
    plural: string,
    body: object,
    group = 'argoproj.io/v1alpha1',
  ) =>
    cluster.admin.request(
      'POST',
      group === 'v1'
        ? `/api/v1/namespaces/${NS}/${plural}`
        : `/apis/${group}/namespaces/${NS}/${plural}`,
      { body },
    );
  const setImage = (name: string, image: string) =>
    cluster.admin.request('PATCH', rolloutPath(NS, name), {
      contentType: 'application/merge-patch+json',
      body: {
        spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
      },
    });
  const analysisRuns = async (rollout: string) =>
    (
      await cluster.admin.request<any>(
        'GET',
        `/apis/argoproj.io/v1alpha1/namespaces/${NS}/analysisruns`,
      )
    ).items.filter((r: any) =>
      r.metadata.ownerReferences?.some((o: any) => o.name === rollout),
    );
  const dryRun = (body: object) =>
    request(server)
      .post('/api/rollouts/analysis/dry-run')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send(body);
  const prometheusValue = async (query: string) => {
    const res = await fetch(
      `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
    );
    const json: any = await res.json();
    return Number(json.data?.result?.[0]?.value?.[1] ?? NaN);
  };

  beforeAll(async () => {
    cluster = await connectTestCluster();
    prometheusUrl = testPrometheusUrl();
    await cluster.admin.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    // The token the canary-judge template sends, where it reads it from.
    await createIn(
      'secrets',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'gradual-canary-judge' },
        stringData: { token: TOKEN },
      },
      'v1',
    );
    // The demo's templates (their address is the local Prometheus).
    for (const template of await demoAnalysisTemplates(cluster.admin, [
      'success-rate',
      'error-rate',
      'latency-p99',
    ])) {
      await createIn('analysistemplates', {
        ...template,
        metadata: { ...template.metadata, namespace: NS },
      });
    }

    backend = await startRolloutsBackend({
      // the real auth services: the judge accepts the static token only
      features: [authServiceFactory, httpAuthServiceFactory],
      config: {
        backend: {
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: {
                  token: TOKEN,
                  subject: 'argo-rollouts-canary-judge',
                },
                accessRestrictions: [{ plugin: 'rollouts' }],
              },
            ],
          },
        },
      },
      clusters: [cluster.pluginClusterConfig],
      rollouts: {
        // the test's token dry-runs too: service principals get only what is granted
        servicePrincipals: [
          {
            subject: 'argo-rollouts-canary-judge',
            entities: { refs: [`component:default/${KUBERNETES_ID}`] },
            actions: ['analysis-dry-run'],
          },
        ],
        analysis: {
          prometheus: [{ cluster: 'local', url: prometheusUrl }],
          // 5 s steps: the range of a 30 s canary holds 5+ latency samples
          judge: { stepSeconds: 5, alpha: 0.01 },
        },
      },
      entities: [ENTITY],
    });
    server = backend.server;
    // Argo's web provider reaches the judge over HTTP on this port.
    const { port } = server.address() as AddressInfo;
    judgeUrl = `http://127.0.0.1:${port}/api/rollouts/analysis/judge`;
    await createIn(
      'analysistemplates',
      canaryJudgeAnalysisTemplate({
        judgeUrl,
        cluster: 'local',
        count: 2,
        interval: '10s',
        window: '60s',
      }),
    );
    await createIn('rollouts', rolloutManifest('seed-good', GOOD, []));
    await createIn(
      'rollouts',
      rolloutManifest('seed-bad', 'registry.local/judge-web:1.0.0-bad', []),
    );
    await createIn(
      'rollouts',
      rolloutManifest('judge-good', GOOD, JUDGED_STEPS),
    );
    await createIn(
      'rollouts',
      rolloutManifest('judge-bad', GOOD, JUDGED_STEPS),
    );
    for (const name of ['seed-good', 'seed-bad', 'judge-good', 'judge-bad']) {
      await waitUntil(
        `rollout ${name} Healthy`,
        async () => (await live(name)).status?.phase === 'Healthy',
        180_000,
        500,
      );
    }
  });

  afterAll(async () => {
    await cluster?.admin
      .request('DELETE', `/api/v1/namespaces/${NS}`)
      .catch(() => {});
    cluster?.admin.close();
  });

  it('dry-runs the seed templates against the demo exporter metrics with sensible values and verdicts', async () => {
    const stable = async (name: string) =>
      (await live(name)).status.stableRS as string;
    const args = async (name: string) => [
      { name: 'namespace', value: NS },
      { name: 'rollout', value: name },
      { name: 'canary-hash', value: await stable(name) },
    ];
    // 20 s of scraped traffic: the templates' rate windows are full
    for (const name of ['seed-good', 'seed-bad']) {
      await waitUntil(
        `20 s of metrics for ${name}`,
        async () =>
          (await prometheusValue(
            `sum(count_over_time(http_requests_total{namespace="${NS}",rollout="${name}",status="200"}[20s]))`,
          )) >=
          4 * 10,
        120_000,
        1000,
      );
    }
    const run = async (rollout: string, template: string) => {
      const res = await dryRun({
        cluster: 'local',
        namespace: NS,
        template: { name: template },
        args: await args(rollout),
      });
      expect(res.status).toBe(200);
      const [metric] = res.body.metrics;
      return { ...metric, number: Number(/[-\d.e]+/.exec(metric.value)?.[0]) };
    };

    const goodSuccess = await run('seed-good', 'success-rate');
    expect(goodSuccess).toMatchObject({
      provider: 'prometheus',
      phase: 'Successful',
    });
    expect(goodSuccess.number).toBeGreaterThan(0.98);
    expect(goodSuccess.durationMs).toBeGreaterThanOrEqual(0);
    expect(goodSuccess.query).toContain(
      `namespace="${NS}",rollout="seed-good"`,
    );
    const goodErrors = await run('seed-good', 'error-rate');
    expect(goodErrors.phase).toBe('Successful');
    expect(goodErrors.number).toBeLessThan(0.02);
    const goodP99 = await run('seed-good', 'latency-p99');
    expect(goodP99.phase).toBe('Successful');
    expect(goodP99.number).toBeGreaterThan(0.05);
    expect(goodP99.number).toBeLessThan(0.3);

    const badSuccess = await run('seed-bad', 'success-rate');
    expect(badSuccess.phase).toBe('Failed');
    expect(badSuccess.number).toBeGreaterThan(0.7);
    expect(badSuccess.number).toBeLessThan(0.95);
    const badErrors = await run('seed-bad', 'error-rate');
    expect(badErrors.phase).toBe('Failed');
    expect(badErrors.number).toBeGreaterThan(0.08);
    expect(badErrors.number).toBeLessThan(0.25);
    const badP99 = await run('seed-bad', 'latency-p99');
    expect(badP99.phase).toBe('Failed');
    expect(badP99.number).toBeGreaterThan(0.8);
  });

  it('refuses with 400 a template whose provider names its own address, and queries nothing', async () => {
    const res = await dryRun({
      cluster: 'local',
      template: stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisTemplate',
        metadata: { name: 'elsewhere' },
        spec: {
          metrics: [
            {
              name: 'up',
              successCondition: 'result[0] == 1',
              provider: {
                prometheus: {
                  address: 'http://169.254.169.254:9090',
                  query: 'up',
                },
              },
            },
          ],
        },
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'names its own Prometheus address; the dry-run only queries the Prometheus configured for cluster local',
      ),
    });
  });

  it('serves the judge only with the configured external-access token', async () => {
    const path = `/api/rollouts/analysis/judge?cluster=local&namespace=${NS}&rollout=seed-good`;
    expect((await request(server).get(path)).status).toBe(401);
    expect(
      (
        await request(server)
          .get(path)
          .set('Authorization', 'Bearer not-the-token')
      ).status,
    ).toBe(401);
    // authenticated: seed-good has no canary, which the judge explains
    const res = await request(server)
      .get(path)
      .set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /no canary to judge|pod-template-hash/,
    );
  });

  it('a -bad canary is aborted by the real controller through the judge, a good one is promoted', async () => {
    await setImage('judge-bad', 'registry.local/judge-web:2.0.0-bad');
    await setImage('judge-good', 'registry.local/judge-web:2.0.0');

    const failedRun = await waitUntil(
      'the judge-bad AnalysisRun to fail',
      async () =>
        (
          await analysisRuns('judge-bad')
        ).find((r: any) => r.status?.phase === 'Failed'),
      240_000,
      1000,
    );
    const measurement = failedRun.status.metricResults[0].measurements.at(-1);
    expect(failedRun.status.metricResults[0].name).toBe('canary-judge');
    expect(measurement.phase).toBe('Failed');
    expect(Number(measurement.value)).toBeLessThan(75);
    const aborted = await waitUntil(
      'judge-bad aborted and Degraded',
      async () => {
        const ro = await live('judge-bad');
        return ro.status?.abort === true && ro.status?.phase === 'Degraded'
          ? ro
          : undefined;
      },
      120_000,
      1000,
    );
    expect(aborted.status.stableRS).not.toBe(aborted.status.currentPodHash);

    // the notification says which metric failed and by how much, and links the run
    const notification = await waitUntil(
      'the abort notification',
      async () =>
        backend.notified.find(n =>
          n.payload.scope?.startsWith(`rollout:local/${NS}/judge-bad:`),
        ),
      60_000,
      500,
    );
    expect(notification.payload.title).toMatch(/aborted by analysis$/);
    expect(notification.payload.description).toMatch(
      new RegExp(
        `^Aborted by analysis: canary-judge measured ${measurement.value} \\(\\d+ below the threshold 75\\), failure condition result < 75 \\(run ${failedRun.metadata.name}; 1 failed measurement, limit 0\\)\\.`,
      ),
    );
    expect(notification.payload.link).toBe(
      `/catalog/default/component/${KUBERNETES_ID}/rollouts?rollout=local%2F${NS}%2Fjudge-bad#analysis-run-${failedRun.metadata.name}`,
    );

    const promoted = await waitUntil(
      'judge-good promoted to 2.0.0 and Healthy',
      async () => {
        const ro = await live('judge-good');
        return ro.status?.phase === 'Healthy' &&
          ro.status?.stableRS === ro.status?.currentPodHash &&
          ro.spec.template.spec.containers[0].image.endsWith(':2.0.0')
          ? ro
          : undefined;
      },
      240_000,
      1000,
    );
    expect(promoted.status.abort).toBeFalsy();
    const goodRuns = await analysisRuns('judge-good');
    expect(goodRuns).toHaveLength(1);
    expect(goodRuns[0].status.phase).toBe('Successful');
    for (const m of goodRuns[0].status.metricResults[0].measurements) {
      expect(m.phase).toBe('Successful');
      expect(Number(m.value)).toBeGreaterThanOrEqual(90);
    }
  });
});
