import { ResponseError } from '@backstage/errors';
import { responseBody, rolloutRouteParams } from './apiClient';

describe('responseBody', () => {
  it('returns the JSON body of a 2xx answer', async () => {
    const response = new Response(JSON.stringify({ items: [1] }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
    await expect(responseBody(response)).resolves.toEqual({ items: [1] });
  });

  it('rejects any other answer with a ResponseError with the status and message', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'no rollout x' },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    );
    const error = (await responseBody(response).catch(e => e)) as ResponseError;
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('no rollout x');
  });
});

describe('rolloutRouteParams', () => {
  it('names the rollout by the route parameters of the spec', () => {
    expect(
      rolloutRouteParams(
        { kind: 'component', namespace: 'default', name: 'svc' },
        { cluster: 'local', namespace: 'apps', name: 'svc-rollout' },
      ),
    ).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'svc',
      cluster: 'local',
      rolloutNamespace: 'apps',
      rolloutName: 'svc-rollout',
    });
  });
});
