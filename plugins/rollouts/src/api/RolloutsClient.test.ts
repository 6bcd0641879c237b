import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { RolloutsClient } from './RolloutsClient';
import { canaryDetail, entityRollouts } from '../__testUtils__/fixtures';

const server = setupServer();
const BASE = 'http://backstage.test/api/rollouts';
const entity = {
  kind: 'component',
  namespace: 'default',
  name: 'user-service',
};
const ref = { cluster: 'local', namespace: 'apps', name: 'user-service' };

describe('RolloutsClient', () => {
  registerMswTestHooks(server);

  const client = new RolloutsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it('lists the rollouts of an entity', async () => {
    server.use(
      http.get(`${BASE}/entities/component/default/user-service/rollouts`, () =>
        HttpResponse.json(entityRollouts),
      ),
    );
    await expect(client.getEntityRollouts(entity)).resolves.toEqual(
      entityRollouts,
    );
  });

  it('gets one rollout by cluster, namespace and name', async () => {
    server.use(
      http.get(
        `${BASE}/entities/component/default/user-service/rollouts/local/apps/user-service`,
        () => HttpResponse.json(canaryDetail),
      ),
    );
    const detail = await client.getRollout(entity, ref);
    expect(detail.name).toBe('user-service');
    expect(detail.steps).toHaveLength(4);
  });

  it('posts an action with its preconditions', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${BASE}/entities/component/default/user-service/rollouts/local/apps/user-service/actions/promote`,
        async ({ request }) => {
          body = await request.json();
          return HttpResponse.json({ rollout: canaryDetail });
        },
      ),
    );
    await client.runAction(entity, ref, 'promote', {
      expected: { step: 1, revision: '2', resourceVersion: '1001' },
    });
    expect(body).toEqual({
      expected: { step: 1, revision: '2', resourceVersion: '1001' },
    });
  });

  it('throws a ResponseError carrying the status on a conflict', async () => {
    server.use(
      http.post(`${BASE}/entities/*/*/*/rollouts/*/*/*/actions/abort`, () =>
        HttpResponse.json(
          { error: { name: 'ConflictError', message: 'moved on' } },
          { status: 409 },
        ),
      ),
    );
    const error = await client
      .runAction(entity, ref, 'abort', {})
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
  });

  it('encodes path segments', async () => {
    let url = '';
    server.use(
      http.get(`${BASE}/*`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [] });
      }),
    );
    await client.getActionHistory(entity, { ...ref, name: 'a/b' });
    expect(url).toContain('/apps/a%2Fb/history');
  });
});
