/*
 * The Deliveries list and the delivery metrics against the REAL local
 * cluster (kube-apiserver + the Argo Rollouts controller), in a namespace of
 * their own (a cluster test: GRADUAL_KUBECONFIG).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { entityFor, testPrometheusUrl, waitUntil } from '@gradual/test-utils';
import {
  RolloutsTestBackend,
  startRolloutsBackend,
} from '../__testUtils__/rolloutsBackend';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';

jest.setTimeout(20 * 60_000);

const NS = `gradual-fleet-${Date.now().toString(36)}`;
const ADMIN = 'user:default/admin';
const MALLORY = 'user:default/mallory';

function canary(name: string, kubernetesId: string | undefined, image: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace: NS,
      labels: {
        app: name,
        ...(kubernetesId ? { 'backstage.io/kubernetes-id': kubernetesId } : {}),
      },
    },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image }] },
      },
      strategy: {
        canary: {
          steps: [
            { setWeight: 25 },
            { pause: {} },
            { analysis: { templates: [{ templateName: 'fleet-check' }] } },
            { setWeight: 50 },
          ],
        },
      },
    },
  };
}

function blueGreen(name: string, kubernetesId: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace: NS,
      labels: { app: name, 'backstage.io/kubernetes-id': kubernetesId },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'app', image: 'registry.local/api:1.0.0' }],
        },
      },
      strategy: { blueGreen: { activeService: `${name}-active` } },
    },
  };
}

/** A one-measurement Prometheus check that passes or fails on demand. */
function analysisTemplate(prometheusUrl: string, pass: boolean) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'fleet-check', namespace: NS },
    spec: {
      metrics: [
        {
          name: 'always',
          count: 1,
          failureLimit: 0,
          successCondition: pass ? 'result[0] >= 1' : 'result[0] >= 2',
          provider: {
            prometheus: { address: prometheusUrl, query: 'vector(1)' },
          },
        },
      ],
    },
  };
}

describe('deliveries on the real cluster', () => {
  let cluster: TestCluster;
  let backend: RolloutsTestBackend;
  let server: any;
  const actions = actionsRegistryServiceMock();
  const base = `/apis/argoproj.io/v1alpha1/namespaces/${NS}`;
  const live = (name: string) =>
    cluster.admin.request<KubeObject>('GET', rolloutPath(NS, name));
  const get = (path: string, user?: string) =>
    request(server)
      .get(`/api/rollouts${path}`)
      .set('Authorization', mockCredentials.user.header(user));
  const list = async (query: string, user?: string) => {
    const res = await get(`/deliveries?namespace=${NS}&${query}`, user);
    if (res.status !== 200) throw new Error(`${query}: ${res.text}`);
    return res.body;
  };
  const act = (name: string, action: string, body: object = {}) =>
    request(server)
      .post(
        `/api/rollouts/entities/component/default/fleet-web/rollouts/local/${NS}/${name}/actions/${action}`,
      )
      .set('Authorization', mockCredentials.user.header())
      .send(body);
  const setImage = (image: string) =>
    cluster.admin.request('PATCH', rolloutPath(NS, 'web'), {
      body: {
        spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
      },
      contentType: 'application/merge-patch+json',
    });
  const stepOf = async () => (await live('web')).status?.currentStepIndex;
  const metrics = async () => {
    const res = await get(
      `/deliveries/metrics?entity=${encodeURIComponent(
        'component:default/fleet-web',
      )}&days=1`,
    );
    expect(res.status).toBe(200);
    return res.body.metrics;
  };

  beforeAll(async () => {
    cluster = await connectTestCluster();
    const prometheusUrl = testPrometheusUrl();
    await cluster.admin.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    await cluster.admin.request('POST', `${base}/analysistemplates`, {
      body: analysisTemplate(prometheusUrl, true),
    });
    await cluster.admin.request('POST', `/api/v1/namespaces/${NS}/services`, {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'api-active', namespace: NS },
        spec: { selector: { app: 'api' }, ports: [{ port: 80 }] },
      },
    });
    for (const body of [
      canary('web', 'fleet-web', 'registry.local/web:1.0.0'),
      canary('orphan', undefined, 'registry.local/orphan:1.0.0'),
      blueGreen('api', 'fleet-api'),
    ])
      await cluster.admin.request('POST', `${base}/rollouts`, { body });
    backend = await startRolloutsBackend({
      clusters: [cluster.pluginClusterConfig],
      entities: [
        entityFor('fleet-web', {
          owner: 'group:default/team-a',
          namespace: NS,
          system: 'shop',
        }),
        entityFor('fleet-api', {
          owner: 'group:default/team-b',
          namespace: NS,
        }),
      ],
      authorize: (reqs, credentials) =>
        reqs.map(r => {
          const user = credentials.principal?.userEntityRef;
          if (r.permission.name === 'rollouts.deliveries.unmatched.read')
            return user === ADMIN
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY;
          if (
            user === MALLORY &&
            r.resourceRef === 'component:default/fleet-api'
          )
            return AuthorizeResult.DENY;
          return AuthorizeResult.ALLOW;
        }),
      actions,
    });
    server = backend.server;
    await waitUntil(
      'the three rollouts to become Healthy',
      async () =>
        (await list('', ADMIN)).items.filter((i: any) => i.phase === 'Healthy')
          .length === 3,
      // the shared controller may be busy with other suites and benches
      480_000,
    );
  });

  afterAll(async () => {
    await cluster?.admin
      .request('DELETE', `/api/v1/namespaces/${NS}`)
      .catch(() => {});
    cluster?.admin.close();
  });

  it('lists what each user may see: unclaimed rollouts for admins only, denied entities left out', async () => {
    const names = async (user: string) =>
      (await list('sort=name', user)).items.map((i: any) => i.name);
    expect(await names(ADMIN)).toEqual(['api', 'orphan', 'web']);
    expect(await names('user:default/guest')).toEqual(['api', 'web']);
    expect(await names(MALLORY)).toEqual(['web']);
    const body = await list('sort=name');
    expect(body.items[1]).toMatchObject({
      cluster: 'local',
      namespace: NS,
      name: 'web',
      strategy: 'canary',
      status: 'healthy',
      revision: '1',
      entities: [
        {
          entityRef: 'component:default/fleet-web',
          owner: 'group:default/team-a',
          system: 'system:default/shop',
        },
      ],
    });
    expect(body.counts).toMatchObject({ healthy: 2, attention: 0 });
    expect(body.facets.owners).toEqual([
      'group:default/team-a',
      'group:default/team-b',
    ]);
  });

  it('filters by strategy, owner, system and text, sorts and pages', async () => {
    const names = (b: any) => b.items.map((i: any) => i.name);
    expect(names(await list('strategy=blueGreen'))).toEqual(['api']);
    expect(names(await list('owner=team-b'))).toEqual(['api']);
    expect(names(await list('system=shop'))).toEqual(['web']);
    expect(
      names(await list(`q=${encodeURIComponent('orphan:1.0')}`, ADMIN)),
    ).toEqual(['orphan']);
    expect(
      names(await list('cluster=local&sort=name&order=desc', ADMIN)),
    ).toEqual(['web', 'orphan', 'api']);
    const page = await list('sort=name&limit=1&offset=1', ADMIN);
    expect(page).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(names(page)).toEqual(['orphan']);
  });

  it('answers 400 with a message for bad input', async () => {
    for (const [query, message] of [
      ['cluster=nowhere', /unknown cluster 'nowhere'/],
      ['status=asleep', /unknown status/],
      // the OpenAPI validator or our parser answers, both say what is wrong with limit
      ['limit=100000', /limit must be/],
      ['q=%27%3B%20DROP%20TABLE%20x', /q may contain only/],
      ['colour=red', /unknown query parameter/i],
    ] as const) {
      const res = await get(`/deliveries?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const metricsRes = await get('/deliveries/metrics?days=9999');
    expect(metricsRes.status).toBe(400);
    expect(metricsRes.body.error.message).toMatch(/days must be/);
  });

  it('records a deploy, a promote, an abort by analysis and an undo, and computes the metrics', async () => {
    // deploy 2.0.0: paused at step 1, waiting for a person
    await setImage('registry.local/web:2.0.0');
    await waitUntil(
      'web paused at step 1',
      async () =>
        (await stepOf()) === 1 &&
        (await live('web')).status?.pauseConditions?.length > 0,
      300_000,
    );
    const attention = await list('attention=true');
    expect(attention.items.map((i: any) => [i.name, i.attention])).toEqual([
      ['web', 'waiting-for-promotion'],
    ]);
    expect(attention.counts).toMatchObject({ paused: 1, attention: 1 });
    // the users who listed deliveries hear of the change (live page)
    await waitUntil(
      'a deliveries signal',
      async () =>
        backend.published.some(
          p =>
            p.channel === 'rollouts:deliveries' &&
            p.recipients.entityRef.includes('user:default/mock'),
        ),
      30_000,
    );
    await new Promise(r => setTimeout(r, 1500));
    expect((await act('web', 'promote')).status).toBe(200);
    await waitUntil(
      'web 2.0.0 fully promoted',
      async () => {
        const ro = await live('web');
        return (
          ro.status?.stableRS === ro.status?.currentPodHash &&
          ro.status?.phase === 'Healthy'
        );
      },
      300_000,
    );
    await waitUntil(
      'the completion recorded',
      async () => (await metrics()).completed === 1,
      30_000,
    );

    // deploy 3.0.0 with a failing analysis: aborted by the analysis step
    await cluster.admin.request(
      'PATCH',
      `${base}/analysistemplates/fleet-check`,
      {
        body: {
          spec: {
            metrics: [
              {
                ...analysisTemplate('', false).spec.metrics[0],
                provider: (
                  await cluster.admin.request<any>(
                    'GET',
                    `${base}/analysistemplates/fleet-check`,
                  )
                ).spec.metrics[0].provider,
              },
            ],
          },
        },
        contentType: 'application/merge-patch+json',
      },
    );
    await setImage('registry.local/web:3.0.0');
    await waitUntil(
      'web 3.0.0 paused at step 1',
      async () =>
        (await live('web')).status?.pauseConditions?.length > 0 &&
        (await stepOf()) === 1,
      300_000,
    );
    // a person takes a moment: the recorder sees the pause before the promote
    await new Promise(r => setTimeout(r, 1500));
    expect((await act('web', 'promote')).status).toBe(200);
    await waitUntil(
      'web aborted by analysis',
      async () => (await live('web')).status?.abort === true,
      300_000,
    );
    await waitUntil(
      'the abort recorded',
      async () => (await metrics()).aborts === 1,
      30_000,
    );

    // undo: back to 2.0.0 as a new revision
    expect((await act('web', 'undo')).status).toBe(200);
    await waitUntil(
      'web back on 2.0.0, healthy',
      async () => {
        const ro = await live('web');
        return (
          ro.spec.template.spec.containers[0].image ===
            'registry.local/web:2.0.0' &&
          ro.status?.phase === 'Healthy' &&
          !ro.status?.abort
        );
      },
      300_000,
    );
    const m = await waitUntil(
      'the rollback recorded',
      async () => {
        const v = await metrics();
        return v.rollbacks === 1 ? v : undefined;
      },
      30_000,
    );
    expect(m).toMatchObject({
      deployments: 2,
      completed: 1,
      aborts: 1,
      rollbacks: 1,
      changeFailureRate: 0.5,
      abortReasons: { analysis: 1, manual: 0, 'progress-deadline': 0 },
      leadTimeMs: { samples: 1 },
      // both revisions waited at step 1 until the test promoted them
      manualWaitMs: { pauses: 2 },
    });
    // the person took at least the 1.5 s the test waited before each promote
    expect(m.manualWaitMs.total).toBeGreaterThanOrEqual(2000);
    expect(m.manualWaitMs.median).toBeGreaterThanOrEqual(1000);
    // and 2.0.0's lead time includes its wait
    expect(m.leadTimeMs.median).toBeGreaterThanOrEqual(1000);

    // per owner group, and through the actions registry
    const group = await get('/deliveries/metrics?group=team-a&days=1');
    expect(group.body).toMatchObject({
      scope: { type: 'group', ref: 'group:default/team-a' },
      entities: ['component:default/fleet-web'],
      metrics: { deployments: 2, aborts: 1 },
    });
    const other = await get('/deliveries/metrics?group=team-b&days=1');
    expect(other.body.metrics.deployments).toBe(0);
    const viaAction = await actions.invoke({
      id: 'test:get-delivery-metrics',
      input: { entityRef: 'component:default/fleet-web', days: 1 },
    } as any);
    expect(viaAction.output).toMatchObject({
      deployments: 2,
      rollbacks: 1,
      changeFailureRate: 0.5,
      abortReasons: { analysis: 1 },
    });
  });
});
