import http from 'node:http';
import net from 'node:net';
import { KubeApiError, KubeClient } from './KubeClient';

const TOKEN = 'sa-token-0123456789abcdef';

/** A hostile endpoint that echoes the credentials it received into its error. */
async function startEchoServer() {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/hang')) return; // never answers
    if (req.url?.startsWith('/stream')) {
      // a watch: two events, then the server ends the stream
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(
        `${JSON.stringify({
          type: 'ADDED',
          object: { metadata: { name: 'a', resourceVersion: '1' } },
        })}\n`,
      );
      res.end(
        `${JSON.stringify({
          type: 'BOOKMARK',
          object: { metadata: { resourceVersion: '2' } },
        })}\n`,
      );
      return;
    }
    if (req.url?.startsWith('/open')) {
      // a watch that stays open, silent
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('\n');
      return;
    }
    if (req.url?.startsWith('/gone')) {
      res.writeHead(410, { 'Content-Type': 'application/json' });
      res.end('{"kind":"Status","code":410,"reason":"Expired"}');
      return;
    }
    if (req.url?.startsWith('/query')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          url: req.url,
          accept: req.headers.accept,
          bearer: req.headers.authorization === `Bearer ${TOKEN}`,
        }),
      );
      return;
    }
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        code: 401,
        reason: 'Unauthorized',
        message: `bad credentials: ${req.headers.authorization} (${TOKEN})`,
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}` };
}

describe('KubeClient', () => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  beforeAll(async () => {
    echo = await startEchoServer();
  });
  afterAll(() => {
    echo.server.closeAllConnections();
    echo.server.close();
  });

  const client = (timeout = 300) =>
    new KubeClient({
      name: 'c',
      url: echo.url,
      token: TOKEN,
      skipTLSVerify: false,
      requestTimeoutMs: timeout,
    });

  it('never puts the token in an error, even when the server echoes it', async () => {
    const c = client();
    const error = await c.request('GET', '/api/v1/pods').catch(e => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error.statusCode).toBe(401);
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String(error.stack)).not.toContain(TOKEN);
    c.close();
  });

  it('bounds a request to a hanging server by the timeout', async () => {
    const c = client(300);
    const started = Date.now();
    const error = await c.request('GET', '/hang').catch(e => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error.message).toMatch(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    c.close();
  });

  it('sends the bearer token and Accept header (client-node KubeConfig)', async () => {
    const c = client();
    const answer = await c.request('GET', '/query/x?limit=5');
    expect(answer).toEqual({
      url: '/query/x?limit=5',
      accept: 'application/json',
      bearer: true,
    });
    c.close();
  });

  it('streams watch events through client-node Watch until the server ends it', async () => {
    const c = client();
    const events: any[] = [];
    await c.watch(
      '/stream?watch=1&allowWatchBookmarks=true&resourceVersion=0',
      e => events.push(e),
      new AbortController().signal,
    );
    expect(
      events.map(e => [e.type, e.object.metadata.resourceVersion]),
    ).toEqual([
      ['ADDED', '1'],
      ['BOOKMARK', '2'],
    ]);
    c.close();
  });

  it('resolves a watch when its signal aborts', async () => {
    const c = client();
    const abort = new AbortController();
    const done = c.watch('/open?watch=1', () => {}, abort.signal);
    setTimeout(() => abort.abort(), 100);
    await expect(done).resolves.toBeUndefined();
    c.close();
  });

  it('rejects a watch answered 410 with the status code, and bounds connecting', async () => {
    const c = client(300);
    const signal = new AbortController().signal;
    const gone = await c.watch('/gone?watch=1', () => {}, signal).catch(e => e);
    expect(gone).toBeInstanceOf(KubeApiError);
    expect(gone.statusCode).toBe(410);
    const started = Date.now();
    const hang = await c.watch('/hang?watch=1', () => {}, signal).catch(e => e);
    expect(hang).toBeInstanceOf(KubeApiError);
    expect(hang.message).toMatch(/watch connect timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    c.close();
  });

  it('refuses paths that could escape the API prefix', async () => {
    const c = client();
    await expect(c.request('GET', '/apis/../../etc')).rejects.toThrow(
      /invalid API path/,
    );
    await expect(c.request('GET', 'http://evil.example.com/')).rejects.toThrow(
      /invalid API path/,
    );
    c.close();
  });
});
