/*
 * Change strategy against the REAL local cluster (kube-apiserver + the Argo
 * Rollouts controller of the local cluster), in a namespace of its own
 * that is deleted afterwards (a cluster test: GRADUAL_KUBECONFIG=<admin
 * kubeconfig>).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { waitUntil } from '@gradual/test-utils';
import { startRolloutsBackend } from '../__testUtils__/rolloutsBackend';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';

jest.setTimeout(5 * 60_000);

const NS = `gradual-strategy-it-${Date.now().toString(36)}`;
const ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'it-strategy',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'it-strategy',
      'backstage.io/kubernetes-namespace': NS,
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const BASE = '/api/rollouts/entities/component/default/it-strategy/rollouts';
const RO = `${BASE}/local/${NS}/web`;
const MALLORY = 'user:default/mallory';

const NEW_STEPS = [
  { setWeight: 20 },
  { pause: { duration: '10s' } },
  { setWeight: 60 },
  { pause: {} },
];

function rolloutManifest() {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'web',
      namespace: NS,
      labels: { 'backstage.io/kubernetes-id': 'it-strategy', app: 'web' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'app', image: 'registry.local/web:1.0.0' }],
        },
      },
      // 40% first: against the platform's maxFirstCanaryWeight of 25
      strategy: { canary: { steps: [{ setWeight: 40 }, { pause: {} }] } },
    },
  };
}

// The demo's user-service and its AnalysisTemplates, as fixtures of this test.
const DEMO_DIR = path.join(__dirname, '__fixtures__');

/** The objects of a demo manifest, moved to `namespace` and onto the test entity. */
function demoObjects(file: string, namespace: string): KubeObject[] {
  return parseAllDocuments(fs.readFileSync(path.join(DEMO_DIR, file), 'utf8'))
    .map(d => d.toJS())
    .filter(Boolean)
    .map(o => ({
      ...o,
      metadata: {
        ...o.metadata,
        namespace,
        labels: {
          ...o.metadata.labels,
          'backstage.io/kubernetes-id': ENTITY.metadata.name,
        },
      },
    }));
}

const COLLECTIONS: Record<string, [string, string]> = {
  Service: ['api/v1', 'services'],
  Ingress: ['apis/networking.k8s.io/v1', 'ingresses'],
  Rollout: ['apis/argoproj.io/v1alpha1', 'rollouts'],
  AnalysisTemplate: ['apis/argoproj.io/v1alpha1', 'analysistemplates'],
  Secret: ['api/v1', 'secrets'],
};

describe('change strategy on the real cluster', () => {
  let cluster: TestCluster;
  let server: any;

  const live = () =>
    cluster.admin.request<KubeObject>('GET', rolloutPath(NS, 'web'));
  const change = (body: object, user?: string) =>
    request(server)
      .post(`${RO}/strategy`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(body);

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await cluster.admin.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    await cluster.admin.request(
      'POST',
      `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts`,
      { body: rolloutManifest() },
    );
    ({ server } = await startRolloutsBackend({
      clusters: [cluster.pluginClusterConfig],
      rollouts: { policies: { maxFirstCanaryWeight: 25 } },
      entities: [ENTITY],
      authorize: (reqs, credentials) =>
        reqs.map(() =>
          credentials.principal?.userEntityRef === MALLORY
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        ),
    }));
    await waitUntil(
      'the rollout in the cache',
      async () => (await request(server).get(RO)).status === 200,
      60_000,
    );
  });

  afterAll(async () => {
    await cluster?.admin
      .request('DELETE', `/api/v1/namespaces/${NS}`)
      .catch(() => {});
    cluster?.admin.close();
  });

  it('shows the live lint findings in the detail and the summary', async () => {
    const detail = await request(server).get(RO);
    expect(detail.body.findings).toEqual([
      expect.objectContaining({
        rule: 'max-first-canary-weight',
        severity: 'error',
        path: 'spec.strategy.canary.steps[0].setWeight',
      }),
    ]);
    const list = await request(server).get(BASE);
    expect(list.body.items[0].findingCounts).toEqual({ error: 1, warning: 0 });
  });

  it('offers the live strategy and the presets', async () => {
    const res = await request(server).get(`${RO}/strategy`);
    expect(res.status).toBe(200);
    expect(res.body.current).toEqual({
      strategy: 'canary',
      steps: [{ setWeight: 40 }, { pause: {} }],
    });
    expect(res.body.presets.map((p: any) => p.name)).toContain('fast-canary');
    expect(res.body.defaultPreset).toBe('standard-canary');
    expect(res.body.managedByArgoCD).toBe(false);
    expect(res.body.policies).toEqual({ maxFirstCanaryWeight: 25 });
  });

  it('a dry run plans without writing', async () => {
    const before = await live();
    const res = await change({
      spec: { strategy: 'canary', steps: NEW_STEPS },
      dryRun: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      applied: false,
      dryRun: true,
      resourceVersion: before.metadata.resourceVersion,
      findings: [],
      references: [],
      managedByArgoCD: false,
    });
    expect(res.body.yamlDiff).toMatch(/^-\s+- setWeight: 40$/m);
    expect(res.body.yamlDiff).toMatch(/^\+\s+- setWeight: 20$/m);
    expect(res.body.patch[0]).toEqual({
      op: 'test',
      path: '/metadata/resourceVersion',
      value: before.metadata.resourceVersion,
    });
    expect((await live()).metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('refuses a strategy that breaks a policy or refers to missing objects (400)', async () => {
    const tooBig = await change({
      spec: { strategy: 'canary', steps: [{ setWeight: 50 }] },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toContain('max-first-canary-weight');

    const plan = await change({
      spec: { strategy: 'canary', ...fastCanary() },
      dryRun: true,
    });
    expect(plan.body.references).toEqual(
      expect.arrayContaining([
        { kind: 'Service', name: 'web-stable', exists: false },
        { kind: 'AnalysisTemplate', name: 'success-rate', exists: false },
      ]),
    );
    expect(plan.body.missingObjectsYaml).toContain('kind: AnalysisTemplate');
    const missing = await change({
      spec: { strategy: 'canary', ...fastCanary() },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain(
      "AnalysisTemplate 'success-rate' not found",
    );
  });

  it('a non-owner gets 403 and nothing changes', async () => {
    const before = await live();
    const res = await change(
      { spec: { strategy: 'canary', steps: NEW_STEPS } },
      MALLORY,
    );
    expect(res.status).toBe(403);
    expect((await live()).metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('a stale expected resourceVersion answers 409 without any write', async () => {
    const before = await live();
    const res = await change({
      spec: { strategy: 'canary', steps: NEW_STEPS },
      expected: { resourceVersion: '1' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/moved on/);
    expect((await live()).metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('applies the new steps; a GET of the Rollout reads them back', async () => {
    const before = await live();
    const res = await change({
      spec: { strategy: 'canary', steps: NEW_STEPS },
      expected: { resourceVersion: before.metadata.resourceVersion },
    });
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(true);
    const after = await live();
    expect(after.spec.strategy).toEqual({ canary: { steps: NEW_STEPS } });
    // the patch's result; the controller may have written the status since
    expect(res.body.appliedResourceVersion).toEqual(expect.any(String));
    expect(res.body.appliedResourceVersion).not.toBe(
      before.metadata.resourceVersion,
    );
    expect(after.metadata.generation).toBe(before.metadata.generation! + 1);
    // the cache follows and the finding is gone
    await waitUntil('the detail without findings', async () => {
      const detail = await request(server).get(RO);
      return detail.body.findings?.length === 0;
    });
    const history = await request(server).get(`${RO}/history`);
    expect(history.body.items[0]).toMatchObject({
      action: 'strategy-update',
      outcome: 'succeeded',
      params: { spec: { strategy: 'canary', steps: NEW_STEPS } },
    });
    expect(history.body.items.map((i: any) => i.outcome)).toEqual(
      expect.arrayContaining(['denied', 'conflict', 'failed']),
    );
  });

  it('the demo user-service as the API server serves it: its current strategy is no change, a step change keeps the rest', async () => {
    const objects = [
      ...demoObjects('analysis-templates.yaml', NS),
      ...demoObjects('user-service.yaml', NS),
    ];
    for (const object of objects) {
      const collection = COLLECTIONS[object.kind ?? ''];
      if (!collection) throw new Error(`no collection for kind ${object.kind}`);
      const [group, plural] = collection;
      await cluster.admin.request(
        'POST',
        `/${group}/namespaces/${NS}/${plural}`,
        { body: object },
      );
    }
    const userService = `${BASE}/local/${NS}/user-service`;
    const livePath = rolloutPath(NS, 'user-service');
    // the controller has seen it (and written back what it writes)
    await waitUntil(
      'user-service observed and in the cache',
      async () => {
        const ro = await cluster.admin.request<KubeObject>('GET', livePath);
        return (
          Boolean((ro as any).status?.phase) &&
          (await request(server).get(userService)).status === 200
        );
      },
      120_000,
    );
    const served = await cluster.admin.request<KubeObject>('GET', livePath);
    const manifest = objects.find(o => o.kind === 'Rollout')!;

    const options = await request(server).get(`${userService}/strategy`);
    expect(options.status).toBe(200);
    const current = options.body.current;
    expect(current.steps).toEqual(manifest.spec.strategy.canary.steps);

    const plan = await request(server)
      .post(`${userService}/strategy`)
      .set('Authorization', mockCredentials.user.header())
      .send({ spec: current, dryRun: true });
    expect(plan.status).toBe(200);
    expect(plan.body.unchanged).toBe(true);
    expect(plan.body.patch).toEqual([]);
    expect(plan.body.yamlDiff).not.toMatch(/^[+-](?![+-]{2} )/m);

    // applying it is a no-op: nothing is written
    const noop = await request(server)
      .post(`${userService}/strategy`)
      .set('Authorization', mockCredentials.user.header())
      // no expected resourceVersion: the controller keeps writing the status
      .send({ spec: current });
    expect(noop.status).toBe(200);
    expect(noop.body).toMatchObject({ applied: false, unchanged: true });
    const afterNoop = await cluster.admin.request<KubeObject>('GET', livePath);
    expect(afterNoop.metadata.generation).toBe(served.metadata.generation);

    // one step changed: the diff and the write are that step only
    const steps = [...current.steps];
    steps[2] = { setWeight: 40 };
    const changed = await request(server)
      .post(`${userService}/strategy`)
      .set('Authorization', mockCredentials.user.header())
      .send({ spec: { ...current, steps } });
    expect(changed.status).toBe(200);
    expect(
      changed.body.yamlDiff
        .split('\n')
        .filter((l: string) => /^[+-](?![+-]{2} )/.test(l)),
    ).toEqual(['-      - setWeight: 30', '+      - setWeight: 40']);
    const after = await cluster.admin.request<KubeObject>('GET', livePath);
    const expected = JSON.parse(JSON.stringify(afterNoop.spec.strategy));
    expected.canary.steps[2] = { setWeight: 40 };
    expect(after.spec.strategy).toEqual(expected);
    expect(after.spec.strategy.canary.abortScaleDownDelaySeconds).toBe(0);
  });

  it('a rollout whose nginx routing names stableIngresses (the CRD list) is not blocked: its Ingress is found and the change applies', async () => {
    const labels = {
      'backstage.io/kubernetes-id': 'it-strategy',
      app: 'multi',
    };
    const service = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: NS, labels },
      spec: { selector: { app: 'multi' }, ports: [{ port: 80 }] },
    });
    const objects: any[] = [
      service('multi-stable'),
      service('multi-canary'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'multi', namespace: NS, labels },
        spec: {
          rules: [
            {
              host: 'multi.example.com',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: {
                      service: { name: 'multi-stable', port: { number: 80 } },
                    },
                  },
                ],
              },
            },
          ],
        },
      },
      {
        ...rolloutManifest(),
        metadata: { name: 'multi', namespace: NS, labels },
        spec: {
          ...rolloutManifest().spec,
          selector: { matchLabels: { app: 'multi' } },
          template: {
            metadata: { labels: { app: 'multi' } },
            spec: {
              containers: [{ name: 'app', image: 'registry.local/web:1.0.0' }],
            },
          },
          strategy: {
            canary: {
              stableService: 'multi-stable',
              canaryService: 'multi-canary',
              trafficRouting: { nginx: { stableIngresses: ['multi'] } },
              steps: [{ setWeight: 10 }, { pause: {} }],
            },
          },
        },
      },
    ];
    for (const o of objects) {
      const [api, plural] = COLLECTIONS[o.kind];
      await cluster.admin.request(
        'POST',
        `/${api}/namespaces/${NS}/${plural}`,
        {
          body: o,
        },
      );
    }
    const MULTI = `${BASE}/local/${NS}/multi`;
    await waitUntil(
      'the stableIngresses rollout in the cache',
      async () => (await request(server).get(MULTI)).status === 200,
      60_000,
    );
    const detail = await request(server).get(MULTI);
    expect(detail.body.findings).toEqual([]);
    expect(
      detail.body.networking.ingresses.find((i: any) => i.role === 'stable'),
    ).toMatchObject({ name: 'multi', found: true });

    // the controller reconciles the new rollout first (it writes the canary Ingress and status)
    await waitUntil(
      'the stableIngresses rollout to be Healthy',
      async () => (await request(server).get(MULTI)).body.phase === 'Healthy',
      120_000,
    );
    const current = (await request(server).get(`${MULTI}/strategy`)).body
      .current;
    const res = await request(server)
      .post(`${MULTI}/strategy`)
      .set('Authorization', mockCredentials.user.header())
      .send({ spec: { ...current, steps: NEW_STEPS } });
    // the body is in the failure message when the change is refused
    expect(
      `${res.status} ${res.status === 200 ? '' : JSON.stringify(res.body)}`,
    ).toBe('200 ');
    expect(res.body.applied).toBe(true);
    expect(res.body.references).toEqual(
      expect.arrayContaining([
        { kind: 'Ingress', name: 'multi', exists: true },
      ]),
    );
    expect(
      res.body.findings.filter((f: any) => f.severity === 'error'),
    ).toEqual([]);
    const after = await cluster.admin.request<KubeObject>(
      'GET',
      rolloutPath(NS, 'multi'),
    );
    expect(after.spec.strategy.canary.steps).toEqual(NEW_STEPS);
    expect(after.spec.strategy.canary.trafficRouting.nginx).toEqual({
      stableIngresses: ['multi'],
    });
  });
  it('refuses to patch a rollout that Argo CD tracks (409) and returns the file to commit', async () => {
    await cluster.admin.request('PATCH', rolloutPath(NS, 'web'), {
      body: {
        metadata: {
          annotations: {
            'argocd.argoproj.io/tracking-id': `shop:argoproj.io/Rollout:${NS}/web`,
          },
        },
      },
      contentType: 'application/merge-patch+json',
    });
    await waitUntil(
      'the cache to see the annotation',
      async () =>
        (
          await request(server).get(`${RO}/strategy`)
        ).body.managedByArgoCD,
    );
    const before = await live();
    const res = await change({
      spec: {
        strategy: 'canary',
        steps: [{ setWeight: 10 }, { pause: {} }],
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('self-heal would revert');
    expect(res.body.plan.managedByArgoCD).toBe(true);
    expect(res.body.plan.rolloutYaml).toContain('- setWeight: 10');
    expect(res.body.plan.rolloutYaml).not.toContain('resourceVersion');
    expect((await live()).metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });
});

function fastCanary() {
  return {
    trafficRouting: { nginx: {} },
    steps: [
      { setWeight: 20 },
      { pause: { duration: '30s' } },
      { analysis: { templates: ['success-rate'] } },
    ],
  };
}
