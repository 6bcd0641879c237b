import http from 'node:http';
import net from 'node:net';
import { KubeApiError, KubeClient } from './KubeClient';

const TOKEN = 'sa-token-0123456789abcdef';

/** A hostile endpoint that echoes the credentials it received into its error. */
async function startEchoServer() {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/hang')) return; // never answers
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
