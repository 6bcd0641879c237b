/*
 * The admin client's HTTP side (JSON, content type, bearer token, errors),
 * against a plain loopback HTTP server that records what it was sent.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { TestKubeClient, TestKubeError } from './TestKubeClient';

describe('TestKubeClient', () => {
  const seen: Array<{
    method?: string;
    url?: string;
    headers: any;
    body: string;
  }> = [];
  let server: http.Server;
  let client: TestKubeClient;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        if (req.url?.endsWith('/missing')) {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ kind: 'Status', message: 'not found' }));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = server.address() as AddressInfo;
    client = new TestKubeClient({
      kubeconfigPath: '/dev/null',
      server: `http://127.0.0.1:${port}`,
      adminToken: 'admin-t',
      skipTLSVerify: false,
      token: 'admin-t',
      pluginClusterConfig: {},
    });
  });
  afterAll(async () => {
    client.close();
    await new Promise(resolve => server.close(resolve));
  });

  it('sends JSON with the bearer token and the given content type', async () => {
    const answer = await client.request('PATCH', '/api/v1/namespaces/a', {
      body: { metadata: { labels: { a: 'b' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(answer).toEqual({ ok: true });
    expect(seen.at(-1)).toMatchObject({
      method: 'PATCH',
      url: '/api/v1/namespaces/a',
      body: '{"metadata":{"labels":{"a":"b"}}}',
      headers: {
        authorization: 'Bearer admin-t',
        'content-type': 'application/merge-patch+json',
      },
    });
  });

  it("turns a non-2xx answer into an error with the status and the API server's message", async () => {
    const error = await client
      .request('GET', '/api/v1/namespaces/missing')
      .catch(e => e);
    expect(error).toBeInstanceOf(TestKubeError);
    expect(error.statusCode).toBe(404);
    expect(error.message).toBe(
      'GET /api/v1/namespaces/missing answered 404: not found',
    );
  });
});
