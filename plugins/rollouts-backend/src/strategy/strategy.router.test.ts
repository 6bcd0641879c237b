/*
 * The change-strategy routes without a cluster: request validation (400),
 * permissions (403, recorded in the history) and unknown targets (404). The
 * 409 cases (stale resourceVersion, Argo CD managed) and the apply run against
 * the real cluster in src/integration/strategy.integration.test.ts.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { BUILT_IN_PRESETS } from '@gradual/plugin-rollouts-common';
import request from 'supertest';
import { rolloutsPlugin } from '../plugin';
import { strategyReferences } from './StrategyService';
import { sqliteDatabaseServiceFactory } from '@gradual/test-utils/backend';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'shop' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const BASE = '/api/rollouts/entities/component/default/shop/rollouts';
const STRATEGY = `${BASE}/local/shop/web/strategy`;
const VALID = { spec: BUILT_IN_PRESETS['fast-canary'].spec };

describe('change strategy routes', () => {
  const denied = new Set<string>();
  const authorize = jest.fn(async (reqs: any[]) =>
    reqs.map(r => ({
      result: denied.has(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );

  beforeEach(() => {
    denied.clear();
    authorize.mockClear();
  });

  async function start() {
    const { server } = await startTestBackend({
      features: [
        sqliteDatabaseServiceFactory,
        rolloutsPlugin,
        mockServices.rootConfig.factory({
          data: {
            rollouts: {
              // a cluster nobody listens on: these tests never reach it
              clusters: [
                {
                  name: 'local',
                  url: 'http://127.0.0.1:9',
                  serviceAccountToken: 't',
                  requestTimeout: 500,
                },
              ],
              policies: { maxFirstCanaryWeight: 25 },
            },
          },
        }),
        mockServices.permissions.mock({ authorize: authorize as any }).factory,
        catalogServiceMock.factory({ entities: [entity] }),
        actionsRegistryServiceMock.factory(),
      ],
    });
    return server;
  }

  it.each([
    ['no body', undefined, /unsupported media type/],
    ['no spec', { dryRun: true }, /spec/],
    [
      'an unknown field',
      { ...VALID, force: true },
      /must NOT have additional properties/,
    ],
    [
      'a weight above 100',
      { spec: { strategy: 'canary', steps: [{ setWeight: 200 }] } },
      /spec is not a valid strategy spec: \/steps\/0\/setWeight must be <= 100/,
    ],
    [
      'a step with two kinds',
      {
        spec: {
          strategy: 'canary',
          steps: [{ setWeight: 10, pause: {} }],
        },
      },
      /steps\/0 must NOT have more than 1 properties/,
    ],
    ['recreate', { spec: { strategy: 'recreate' } }, /strategy/],
    [
      'a bad pause duration',
      {
        spec: { strategy: 'canary', steps: [{ pause: { duration: 'soon' } }] },
      },
      /duration/,
    ],
    [
      'a bad expected resourceVersion',
      { ...VALID, expected: { resourceVersion: 'a b' } },
      /resourceVersion/,
    ],
    ['dryRun that is not a boolean', { ...VALID, dryRun: 'yes' }, /dryRun/],
  ])('answers 400 for %s', async (_name, body, message) => {
    const server = await start();
    const req = request(server).post(STRATEGY);
    const res = await (body === undefined ? req : req.send(body as object));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(authorize).not.toHaveBeenCalled();
  });

  it('answers 403 for an apply without rollouts.rollout.strategy.update, and records it', async () => {
    denied.add('rollouts.rollout.strategy.update');
    const server = await start();
    const res = await request(server)
      .post(STRATEGY)
      .set('Authorization', mockCredentials.user.header('user:default/eve'))
      .send(VALID);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'not allowed to rollouts.rollout.strategy.update on component:default/shop',
    );
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'rollouts.rollout.strategy.update',
          }),
          resourceRef: 'component:default/shop',
        },
      ],
      expect.anything(),
    );
    const history = await request(server).get(`${BASE}/local/shop/web/history`);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'strategy-update',
        outcome: 'denied',
        actor: 'user:default/eve',
        params: expect.objectContaining({
          spec: expect.objectContaining({ strategy: 'canary' }),
        }),
      }),
    ]);
  });

  it('answers 403 for a dry run or the options without the read permission', async () => {
    denied.add('rollouts.rollout.read');
    const server = await start();
    const plan = await request(server)
      .post(STRATEGY)
      .send({ ...VALID, dryRun: true });
    expect(plan.status).toBe(403);
    const options = await request(server).get(STRATEGY);
    expect(options.status).toBe(403);
  });

  it('answers 404 for an unknown entity or cluster', async () => {
    const server = await start();
    const unknownEntity = await request(server)
      .post(
        '/api/rollouts/entities/component/default/nope/rollouts/local/shop/web/strategy',
      )
      .send(VALID);
    expect(unknownEntity.status).toBe(404);
    const unknownCluster = await request(server)
      .post(`${BASE}/elsewhere/shop/web/strategy`)
      .send({ ...VALID, dryRun: true });
    expect(unknownCluster.status).toBe(404);
    expect(unknownCluster.body.error.message).toBe('unknown cluster elsewhere');
    const options = await request(server).get(
      `${BASE}/elsewhere/shop/web/strategy`,
    );
    expect(options.status).toBe(404);
  });

  it('answers 400 for an invalid rollout name in the path', async () => {
    const server = await start();
    const res = await request(server)
      .post(`${BASE}/local/shop/Web/strategy`)
      .send(VALID);
    expect(res.status).toBe(400);
  });
});

describe('strategyReferences', () => {
  it('lists the services, ingress and namespaced templates of a strategy once', () => {
    expect(
      strategyReferences({
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting: { nginx: { stableIngress: 'web' } },
          analysis: { templates: [{ templateName: 'success-rate' }] },
          steps: [
            { setWeight: 10 },
            {
              analysis: {
                templates: [
                  { templateName: 'success-rate' },
                  { templateName: 'global', clusterScope: true },
                ],
              },
            },
          ],
        },
      }),
    ).toEqual([
      { kind: 'Service', name: 'web-stable' },
      { kind: 'Service', name: 'web-canary' },
      { kind: 'Ingress', name: 'web' },
      { kind: 'AnalysisTemplate', name: 'success-rate' },
    ]);
    expect(
      strategyReferences({
        canary: {
          stableService: 'web-stable',
          trafficRouting: {
            nginx: { stableIngresses: ['web', 'web-internal', 'web'] },
          },
        },
      }),
    ).toEqual([
      { kind: 'Service', name: 'web-stable' },
      { kind: 'Ingress', name: 'web' },
      { kind: 'Ingress', name: 'web-internal' },
    ]);
    expect(
      strategyReferences({
        blueGreen: {
          activeService: 'a',
          previewService: 'p',
          prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] },
        },
      }),
    ).toEqual([
      { kind: 'Service', name: 'a' },
      { kind: 'Service', name: 'p' },
      { kind: 'AnalysisTemplate', name: 'smoke' },
    ]);
  });
});
