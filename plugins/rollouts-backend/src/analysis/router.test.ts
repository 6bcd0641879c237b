import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import type { CanaryJudgeResult } from '@gradual/plugin-rollouts-common';
import { createAnalysisServices } from './createAnalysisServices';
import { canaryJudgeAnalysisTemplate } from './presets/canaryJudgeTemplate';
import { createAnalysisRouter } from './router';
import { prometheusBody, startFakePrometheus } from './testing/fakePrometheus';

describe('createAnalysisRouter', () => {
  let prometheus: Awaited<ReturnType<typeof startFakePrometheus>>;

  beforeAll(async () => {
    prometheus = await startFakePrometheus(({ query }) => {
      if (query.startsWith('histogram_quantile'))
        return { body: prometheusBody.matrix(['0.2', '0.2', '0.21', '0.19']) };
      if (query.includes('status=~"5.."'))
        return { body: prometheusBody.vector('1') };
      return {
        body: prometheusBody.vector(
          query.includes('increase') ? '1000' : '0.99',
        ),
      };
    });
  });
  afterAll(() => prometheus.close());

  function app(
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { dryRun, judge } = createAnalysisServices({
      config: new ConfigReader({
        rollouts: {
          analysis: { prometheus: [{ cluster: 'local', url: prometheus.url }] },
        },
      }),
    });
    return express()
      .use(
        createAnalysisRouter({
          httpAuth: mockServices.httpAuth(),
          permissions: mockServices.permissions({ result }),
          dryRun,
          judge,
        }),
      )
      .use(mockErrorHandler());
  }

  const template = `
spec:
  metrics:
    - name: success-rate
      successCondition: result[0] >= 0.95
      provider:
        prometheus:
          query: sum(up)
`;

  it('dry-runs a template for a permitted user', async () => {
    const response = await request(app())
      .post('/analysis/dry-run')
      .send({ cluster: 'local', template });
    expect(response.status).toBe(200);
    expect(response.body.metrics[0]).toMatchObject({
      name: 'success-rate',
      phase: 'Successful',
      value: '[0.99]',
      query: 'sum(up)',
    });
  });

  it('answers 403 without the dry-run permission', async () => {
    const response = await request(app(AuthorizeResult.DENY))
      .post('/analysis/dry-run')
      .send({ cluster: 'local', template });
    expect(response.status).toBe(403);
  });

  it('answers 400 with the reason for an unsupported condition', async () => {
    const response = await request(app())
      .post('/analysis/dry-run')
      .send({
        cluster: 'local',
        template: template.replace('result[0] >= 0.95', 'result[0] ?? 1'),
      });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(
      /nil-coalescing operator "\?\?" at column 11 is not supported/,
    );
  });

  it('serves the judge to a service token and refuses users', async () => {
    const query = {
      cluster: 'local',
      namespace: 'shop',
      rollout: 'checkout',
      canaryHash: 'abc',
      stableHash: 'def',
    };
    const asService = await request(app())
      .get('/analysis/judge')
      .query(query)
      .set('authorization', mockCredentials.service.header());
    expect(asService.status).toBe(200);
    expect(asService.body).toMatchObject({ verdict: 'pass', score: 100 });
    expect(asService.body.metrics.map((m: any) => m.name)).toEqual([
      'error-ratio',
      'latency-p99',
    ]);

    const asPost = await request(app())
      .post('/analysis/judge')
      .send(query)
      .set('authorization', mockCredentials.service.header());
    expect(asPost.status).toBe(200);

    const asUser = await request(app())
      .get('/analysis/judge')
      .query(query)
      .set('authorization', mockCredentials.user.header());
    expect(asUser.status).toBe(403);
  });

  it('answers 400 for a bad judge parameter', async () => {
    const response = await request(app())
      .get('/analysis/judge')
      .query({
        cluster: 'local',
        namespace: 'shop',
        rollout: 'checkout',
        canaryHash: 'abc',
        stableHash: 'def',
        looks: 'ten',
      })
      .set('authorization', mockCredentials.service.header());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('looks must be a number');
  });

  it('answers the request the canary-judge template makes, with the contract fields', async () => {
    const judgeTemplate = canaryJudgeAnalysisTemplate({
      judgeUrl: 'http://127.0.0.1:7007/api/rollouts/analysis/judge',
      cluster: 'local',
      count: 3,
    }) as any;
    const metric = judgeTemplate.spec.metrics[0];
    const args: Record<string, string> = {
      ...Object.fromEntries(
        judgeTemplate.spec.args
          .filter((a: any) => a.value !== undefined)
          .map((a: any) => [a.name, a.value]),
      ),
      namespace: 'shop',
      rollout: 'checkout',
      'canary-hash': 'abc',
      'stable-hash': 'def',
      'judge-token': 'token',
    };
    // what Argo's web provider does: substitute the args, then GET the URL
    const url = new URL(
      metric.provider.web.url.replace(
        /\{\{args\.([\w-]+)\}\}/g,
        (_: string, name: string) => args[name],
      ),
    );
    const response = await request(app())
      .get(`${url.pathname.replace('/api/rollouts', '')}${url.search}`)
      .set('authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
    const result: CanaryJudgeResult = response.body;
    expect(result).toMatchObject({ verdict: 'pass', score: 100 });
    expect(response.body).toMatchObject({
      namespace: 'shop',
      rollout: 'checkout',
      canaryHash: 'abc',
      stableHash: 'def',
      windowSeconds: 300,
      alphaPerCheck: 0.05 / 3,
    });
    expect(metric.provider.web.jsonPath).toBe('{$.score}');
  });

  it('answers 400 for a parameter the contract does not know', async () => {
    const response = await request(app())
      .get('/analysis/judge')
      .query({ cluster: 'local', namespace: 'shop', rollout: 'r', canary: 'x' })
      .set('authorization', mockCredentials.service.header());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(
      /^Unknown judge parameter canary/,
    );
  });
});
