import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { RolloutsClient } from './RolloutsClient';
import type { RolloutsApi } from './RolloutsApi';
import {
  actionHistory,
  canaryDetail,
  entityRollouts,
  strategyOptions,
} from '../__testUtils__/fixtures';

const server = setupServer();
const BASE = 'http://backstage.test/api/rollouts';
const ROLLOUT = `${BASE}/entities/component/default/user-service/rollouts/local/apps/user-service`;
const entity = {
  kind: 'component',
  namespace: 'default',
  name: 'user-service',
};
const ref = { cluster: 'local', namespace: 'apps', name: 'user-service' };

/** What the backend received: method, full URL, JSON body, headers. */
interface SentRequest {
  method: string;
  url: string;
  body: unknown;
  contentType: string | null;
  authorization: string | null;
}

describe('RolloutsClient', () => {
  registerMswTestHooks(server);

  const client = new RolloutsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { ...init?.headers, Authorization: 'Bearer user-token' },
        }),
    },
  });

  /** Answers every request under BASE with `answer` and records it. */
  function backend(answer: unknown, status = 200): SentRequest[] {
    const sent: SentRequest[] = [];
    server.use(
      http.all(`${BASE}/*`, async ({ request }) => {
        const text = await request.text();
        sent.push({
          method: request.method,
          url: request.url,
          body: text ? JSON.parse(text) : undefined,
          contentType: request.headers.get('content-type'),
          authorization: request.headers.get('authorization'),
        });
        return HttpResponse.json(answer as any, { status });
      }),
    );
    return sent;
  }

  const calls: Array<{
    name: string;
    call: (api: RolloutsApi) => Promise<unknown>;
    answer: unknown;
    method: string;
    url: string;
    body?: unknown;
  }> = [
    {
      name: 'getEntityRollouts',
      call: api => api.getEntityRollouts(entity),
      answer: entityRollouts,
      method: 'GET',
      url: `${BASE}/entities/component/default/user-service/rollouts`,
    },
    {
      name: 'getRollout',
      call: api => api.getRollout(entity, ref),
      answer: canaryDetail,
      method: 'GET',
      url: ROLLOUT,
    },
    {
      name: 'runAction',
      call: api =>
        api.runAction(entity, ref, 'promote', {
          expected: { step: 1, revision: '2', resourceVersion: '1001' },
        }),
      answer: { rollout: canaryDetail },
      method: 'POST',
      url: `${ROLLOUT}/actions/promote`,
      body: { expected: { step: 1, revision: '2', resourceVersion: '1001' } },
    },
    {
      name: 'getStrategyOptions',
      call: api => api.getStrategyOptions(entity, ref),
      answer: strategyOptions,
      method: 'GET',
      url: `${ROLLOUT}/strategy`,
    },
    {
      name: 'changeStrategy',
      call: api =>
        api.changeStrategy(entity, ref, {
          spec: strategyOptions.current!,
          dryRun: true,
          expected: { resourceVersion: '1001' },
        }),
      answer: { findings: [], patch: [], references: [] },
      method: 'POST',
      url: `${ROLLOUT}/strategy`,
      body: {
        spec: strategyOptions.current,
        dryRun: true,
        expected: { resourceVersion: '1001' },
      },
    },
    {
      name: 'getActionHistory',
      call: api => api.getActionHistory(entity, ref),
      answer: actionHistory,
      method: 'GET',
      url: `${ROLLOUT}/history`,
    },
    {
      name: 'dryRunAnalysis',
      call: api =>
        api.dryRunAnalysis({
          cluster: 'local',
          namespace: 'apps',
          template: { name: 'success-rate' },
          args: [{ name: 'service-name', value: 'user-service' }],
        }),
      answer: { metrics: [] },
      method: 'POST',
      url: `${BASE}/analysis/dry-run`,
      body: {
        cluster: 'local',
        namespace: 'apps',
        template: { name: 'success-rate' },
        args: [{ name: 'service-name', value: 'user-service' }],
      },
    },
    {
      name: 'getDeliveries',
      call: api =>
        api.getDeliveries({
          attention: false,
          status: ['paused', 'degraded'],
          cluster: [],
          owner: ['group:default/team-a'],
          q: 'user service',
          sort: 'updated',
          order: 'desc',
          limit: 50,
          offset: 0,
        }),
      answer: { items: [], total: 0, offset: 0, limit: 50 },
      method: 'GET',
      url: `${BASE}/deliveries?attention=false&status=paused%2Cdegraded&owner=group%3Adefault%2Fteam-a&q=user%20service&sort=updated&order=desc&limit=50&offset=0`,
    },
    {
      name: 'getDeliveryMetrics',
      call: api =>
        api.getDeliveryMetrics({ groupRef: 'group:default/team-a', days: 7 }),
      answer: { metrics: {} },
      method: 'GET',
      url: `${BASE}/deliveries/metrics?group=group%3Adefault%2Fteam-a&days=7`,
    },
  ];

  it.each(calls)(
    '$name sends $method to the route of the contract and returns the body',
    async ({ call, answer, method, url, body }) => {
      const sent = backend(answer);
      await expect(call(client)).resolves.toEqual(answer);
      expect(sent).toEqual([
        {
          method,
          url,
          body,
          contentType: 'application/json',
          authorization: 'Bearer user-token',
        },
      ]);
    },
  );

  it('leaves out empty filters', async () => {
    const sent = backend({ items: [] });
    await client.getDeliveries({ q: '', status: [], cluster: [] });
    await client.getDeliveryMetrics({});
    expect(sent.map(s => s.url)).toEqual([
      `${BASE}/deliveries`,
      `${BASE}/deliveries/metrics`,
    ]);
  });

  it('encodes path segments', async () => {
    const sent = backend({ items: [] });
    await client.getActionHistory(
      { kind: 'component', namespace: 'default', name: 'a b' },
      { ...ref, name: 'a/b' },
    );
    expect(sent[0].url).toBe(
      `${BASE}/entities/component/default/a%20b/rollouts/local/apps/a%2Fb/history`,
    );
  });

  it.each(calls)(
    '$name rejects with a ResponseError carrying the status and message',
    async ({ call }) => {
      // The body the Backstage backend's error handler sends.
      backend(
        {
          error: { name: 'ConflictError', message: 'moved on' },
          request: { method: 'POST', url: '/' },
          response: { statusCode: 409 },
        },
        409,
      );
      const error = (await call(client).catch(e => e)) as ResponseError;
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(409);
      expect(error.body.error.message).toBe('moved on');
    },
  );
});
