/**
 * The floor of any HTTP answer of a body: a bare Node HTTP server on
 * loopback answering exactly those bytes (no framework, no compression),
 * fetched and parsed by the same client as the measured view. What it
 * leaves out of the serialisation floor is what every answer pays anyway:
 * the transfer through the loopback socket and the client's decode and
 * JSON.parse.
 */
import http from 'node:http';
import net from 'node:net';

export interface LoopbackServer {
  url: string;
  /** The bytes the next requests are answered with. */
  answer(body: Buffer): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(): Promise<LoopbackServer> {
  let body = Buffer.from('{}');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': body.length,
    });
    res.end(body);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    answer: b => {
      body = b;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
