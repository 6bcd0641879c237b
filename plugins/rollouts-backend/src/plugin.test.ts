import net from 'node:net';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { rolloutsPlugin } from './plugin';
import { freePort } from '@gradual/test-utils';
import { sqliteDatabaseServiceFactory } from '@gradual/test-utils/backend';

const SECRET_TOKEN = 'super-secret-token-abcdef123456';

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

/** A TCP server that accepts connections and never answers: a hanging API server. */
async function startBlackHole(): Promise<{
  port: number;
  close(): Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(s => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>(resolve => {
        sockets.forEach(s => s.destroy());
        server.close(() => resolve());
      }),
  };
}

describe('rollouts plugin HTTP API', () => {
  let blackHole: Awaited<ReturnType<typeof startBlackHole>>;
  let refusedPort: number;
  const decision = { result: AuthorizeResult.ALLOW as AuthorizeResult };
  const authorize = jest.fn(async (reqs: any[]) =>
    reqs.map(() => ({ result: decision.result })),
  );

  beforeAll(async () => {
    blackHole = await startBlackHole();
    refusedPort = await freePort();
  });
  afterAll(async () => {
    await blackHole.close();
  });
  beforeEach(() => {
    decision.result = AuthorizeResult.ALLOW;
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
              watchSilenceSeconds: 30,
              clusters: [
                {
                  name: 'refused',
                  url: `http://127.0.0.1:${refusedPort}`,
                  serviceAccountToken: SECRET_TOKEN,
                  // long enough that a loaded CI machine reports the refusal, not a timeout
                  requestTimeout: 10_000,
                },
                {
                  name: 'hanging',
                  url: `http://127.0.0.1:${blackHole.port}`,
                  serviceAccountToken: SECRET_TOKEN,
                  requestTimeout: 800,
                },
              ],
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

  it('requires authentication', async () => {
    const server = await start();
    const res = await request(server)
      .get(BASE)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('serves health without authentication, details only to signed-in callers, never secrets', async () => {
    const server = await start();
    const anonymous = await request(server)
      .get('/api/rollouts/health')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.clusters.map((c: any) => c.name)).toEqual([
      'refused',
      'hanging',
    ]);
    expect(
      anonymous.body.clusters.every((c: any) => c.message === undefined),
    ).toBe(true);
    await request(server).get(BASE); // waits for the first failures
    const signedIn = await request(server).get('/api/rollouts/health');
    expect(signedIn.body.clusters).toEqual([
      expect.objectContaining({
        name: 'refused',
        status: 'error',
        message: expect.stringMatching(/ECONNREFUSED/),
      }),
      expect.objectContaining({
        name: 'hanging',
        status: 'error',
        message: expect.stringMatching(/timed out/),
      }),
    ]);
    expect(JSON.stringify(signedIn.body)).not.toContain(SECRET_TOKEN);
  });

  it('lists an entity: down and hanging clusters answer within their timeout with an error entry', async () => {
    const server = await start();
    const started = Date.now();
    const res = await request(server).get(BASE);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.clusters).toEqual([
      expect.objectContaining({
        name: 'refused',
        status: 'error',
        message: expect.any(String),
      }),
      expect.objectContaining({
        name: 'hanging',
        status: 'error',
        message: expect.any(String),
      }),
    ]);
    // Both waits run in parallel and are bounded by the 800 ms timeout.
    expect(elapsed).toBeLessThan(3000);
    expect(JSON.stringify(res.body)).not.toContain(SECRET_TOKEN);
    expect(authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          resourceRef: 'component:default/shop',
          permission: expect.objectContaining({
            name: 'rollouts.rollout.read',
          }),
        }),
      ],
      expect.anything(),
    );
  });

  it('answers 404 for an unknown entity', async () => {
    const server = await start();
    const res = await request(server).get(
      '/api/rollouts/entities/component/default/nope/rollouts',
    );
    expect(res.status).toBe(404);
  });

  it('answers 403 when the read permission is denied', async () => {
    decision.result = AuthorizeResult.DENY;
    const server = await start();
    const res = await request(server).get(BASE);
    expect(res.status).toBe(403);
  });

  it('answers 403 for a denied action, before touching any cluster', async () => {
    decision.result = AuthorizeResult.DENY;
    const server = await start();
    const res = await request(server)
      .post(`${BASE}/refused/shop/web/actions/promote`)
      .send({});
    expect(res.status).toBe(403);
    expect(authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'rollouts.rollout.promote',
          }),
        }),
      ],
      expect.anything(),
    );
    const history = await request(server).get(
      `${BASE}/refused/shop/web/history`,
    );
    // The read permission is denied too in this test.
    expect(history.status).toBe(403);
  });

  it('records denied attempts in the history', async () => {
    const server = await start();
    authorize.mockImplementationOnce(async (reqs: any[]) =>
      reqs.map(() => ({ result: AuthorizeResult.DENY })),
    );
    expect(
      (
        await request(server)
          .post(`${BASE}/refused/shop/web/actions/abort`)
          .send({})
      ).status,
    ).toBe(403);
    const history = await request(server).get(
      `${BASE}/refused/shop/web/history`,
    );
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'abort',
        outcome: 'denied',
        entityRef: 'component:default/shop',
      }),
    ]);
  });

  it('answers 400 for a history limit outside 1..500, even past a double', async () => {
    const server = await start();
    for (const limit of ['0', '501', '1e9', '1.5', 'abc', '9'.repeat(400)]) {
      const res = await request(server).get(
        `${BASE}/refused/shop/web/history?limit=${limit}`,
      );
      expect([limit, res.status]).toEqual([limit, 400]);
    }
    const ok = await request(server).get(
      `${BASE}/refused/shop/web/history?limit=500`,
    );
    expect(ok.status).toBe(200);
  });

  it('answers 404 for an unknown cluster', async () => {
    const server = await start();
    const res = await request(server).get(`${BASE}/elsewhere/shop/web`);
    expect(res.status).toBe(404);
  });

  it('answers 503 within the timeout when the cluster is unreachable', async () => {
    const server = await start();
    const res = await request(server).get(`${BASE}/hanging/shop/web`);
    expect(res.status).toBe(503);
    expect(JSON.stringify(res.body)).not.toContain(SECRET_TOKEN);
  });

  it.each([
    ['unknown action', 'post', `${BASE}/refused/shop/web/actions/explode`, {}],
    [
      'unknown body field',
      'post',
      `${BASE}/refused/shop/web/actions/promote`,
      { skipChecks: true },
    ],
    [
      'force that is not a boolean',
      'post',
      `${BASE}/refused/shop/web/actions/promote`,
      { force: 'yes' },
    ],
    [
      'wrong type',
      'post',
      `${BASE}/refused/shop/web/actions/promote`,
      { expected: { step: 'one' } },
    ],
    [
      'negative step',
      'post',
      `${BASE}/refused/shop/web/actions/promote`,
      { expected: { step: -1 } },
    ],
    [
      'bad revision',
      'post',
      `${BASE}/refused/shop/web/actions/undo`,
      { toRevision: 'abc' },
    ],
    [
      'bad image',
      'post',
      `${BASE}/refused/shop/web/actions/set-image`,
      { container: 'app', image: 'a b' },
    ],
    [
      'set-image without image',
      'post',
      `${BASE}/refused/shop/web/actions/set-image`,
      { container: 'app' },
    ],
    ['upper-case rollout name', 'get', `${BASE}/refused/shop/Web`, undefined],
    [
      'encoded traversal',
      'get',
      `${BASE}/refused/shop/..%2F..%2Fsecrets`,
      undefined,
    ],
    [
      'bad history limit',
      'get',
      `${BASE}/refused/shop/web/history?limit=100000`,
      undefined,
    ],
    [
      'wait timeout out of range',
      'get',
      `${BASE}/refused/shop/web/status?timeout=2h`,
      undefined,
    ],
    [
      'unknown wait target',
      'get',
      `${BASE}/refused/shop/web/status?until=done`,
      undefined,
    ],
  ])('answers 400 for %s', async (_name, method, path, body) => {
    const server = await start();
    const req =
      method === 'post'
        ? request(server)
            .post(path)
            .send(body as object)
        : request(server).get(path);
    const res = await req;
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toEqual(expect.any(String));
  });

  it('answers 400 for malformed JSON and 413 for a huge body', async () => {
    const server = await start();
    const bad = await request(server)
      .post(`${BASE}/refused/shop/web/actions/promote`)
      .set('Content-Type', 'application/json')
      .send('{"expected":');
    expect(bad.status).toBe(400);
    const huge = await request(server)
      .post(`${BASE}/refused/shop/web/actions/set-image`)
      .send({ container: 'app', image: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
  });

  it('registers the MCP actions', async () => {
    const actionsRegistry = actionsRegistryServiceMock();
    await startTestBackend({
      features: [
        sqliteDatabaseServiceFactory,
        rolloutsPlugin,
        mockServices.rootConfig.factory({
          data: { rollouts: { clusters: [] } },
        }),
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.permissions.mock({ authorize: authorize as any }).factory,
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actionsRegistry,
        }),
      ],
    });
    expect([...actionsRegistry.actions.keys()].sort()).toEqual([
      'test:abort-rollout',
      'test:get-delivery-metrics',
      'test:list-rollouts',
      'test:pause-rollout',
      'test:promote-full-rollout',
      'test:promote-rollout',
      'test:restart-rollout',
      'test:resume-rollout',
      'test:retry-rollout',
      'test:rollback-rollout',
      'test:rollout-history',
      'test:set-image-rollout',
      'test:skip-step-rollout',
      'test:wait-rollout',
    ]);
    const result = await actionsRegistry.invoke({
      id: 'test:list-rollouts',
      input: { entityRef: 'component:default/shop' },
      credentials: mockCredentials.user(),
    });
    expect(result.output).toEqual({ items: [], clusters: [] });
  });

  it('answers the list gzipped or plain with an ETag (304 when it matches), checking the permission on every request', async () => {
    const server = await start();
    const gzipped = await request(server)
      .get(BASE)
      .set('Accept-Encoding', 'gzip');
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzipped.headers['content-type']).toMatch(/application\/json/);
    expect(gzipped.body.items).toEqual([]);
    // The plugin's own time for the answer, for DevTools and tracing proxies.
    expect(gzipped.headers['server-timing']).toMatch(/^list;dur=\d+\.\d\d$/);
    const plain = await request(server)
      .get(BASE)
      .set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.items).toEqual([]);
    expect(plain.body.clusters.map((c: any) => c.name)).toEqual([
      'refused',
      'hanging',
    ]);
    // An unchanged answer: 304 for its ETag (the clusters' state may change
    // between two requests while they are retried, so a few tries).
    let notModified = false;
    for (let i = 0; i < 3 && !notModified; i++) {
      const { etag } = (await request(server).get(BASE)).headers;
      expect(etag).toMatch(/^W\/"/);
      const again = await request(server).get(BASE).set('If-None-Match', etag);
      notModified = again.status === 304;
    }
    expect(notModified).toBe(true);
    const checks = authorize.mock.calls.length;
    // The same answer is refused once the permission is.
    decision.result = AuthorizeResult.DENY;
    const denied = await request(server).get(BASE);
    expect(denied.status).toBe(403);
    expect(denied.body.items).toBeUndefined();
    expect(authorize.mock.calls.length).toBe(checks + 1);
    // Each request waits up to 800 ms for the hanging cluster.
  }, 30_000);
});
