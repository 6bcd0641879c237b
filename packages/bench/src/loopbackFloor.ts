/**
 * The floor of any HTTP answer of a body: a bare Node HTTP server on
 * loopback answering exactly those bytes (no framework), fetched and parsed
 * by the same client as the measured view. It encodes them as the backend
 * does: gzip (compressed once, before the requests) for a client that
 * accepts it, as Backstage's compression answers every API call. What it
 * leaves out of the serialisation floor is what every answer pays anyway:
 * the transfer through the loopback socket and the client's decoding.
 */
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';

export interface LoopbackServer {
  url: string;
  /** The bytes the next requests are answered with. */
  answer(body: Buffer): void;
  close(): Promise<void>;
}

const acceptsGzip = (req: http.IncomingMessage) =>
  /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

export async function startLoopbackServer(): Promise<LoopbackServer> {
  let body = Buffer.from('{}');
  let gzipped = zlib.gzipSync(body);
  const server = http.createServer((req, res) => {
    const gzip = acceptsGzip(req);
    const bytes = gzip ? gzipped : body;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': bytes.length,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(bytes);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    answer: b => {
      if (b.equals(body)) return;
      body = b;
      gzipped = zlib.gzipSync(b);
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
