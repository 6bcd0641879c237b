import http from 'node:http';
import net from 'node:net';
import { WebSocketServer } from 'ws';
import { OffThreadReceiver } from './offThreadReceiver';

describe('OffThreadReceiver', () => {
  let server: http.Server;
  let base: string;
  let wss: WebSocketServer;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"n":1}\n{"n"');
      setTimeout(() => res.end(':2}\n\n{"n":3}\n'), 50);
    });
    wss = new WebSocketServer({ server });
    wss.on('connection', ws =>
      ws.on('message', data => ws.send(`echo ${data}`)),
    );
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    base = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });

  afterAll(async () => {
    wss.close();
    await new Promise(r => server.close(r));
  });

  const collect = () => {
    const got: Array<{ at: bigint; text: string }> = [];
    return { got, on: (at: bigint, text: string) => got.push({ at, text }) };
  };

  it('receives a streamed response line by line, across chunks, with receive times', async () => {
    const { got, on } = collect();
    const before = process.hrtime.bigint();
    const r = new OffThreadReceiver(
      { kind: 'lines', url: `http://${base}/` },
      on,
    );
    await r.opened;
    const deadline = Date.now() + 5000;
    while (got.length < 3 && Date.now() < deadline)
      await new Promise(res => setTimeout(res, 10));
    await r.close();
    expect(got.map(g => g.text)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    // Stamped on the same clock as this thread's, in order.
    expect(got[0].at).toBeGreaterThan(before);
    expect(got[2].at).toBeGreaterThanOrEqual(got[0].at);
    expect(got[2].at).toBeLessThanOrEqual(process.hrtime.bigint());
  });

  it('opens a WebSocket, sends its first message, and receives the answers', async () => {
    const { got, on } = collect();
    const r = new OffThreadReceiver(
      { kind: 'websocket', url: `ws://${base}/`, send: 'hello' },
      on,
    );
    await r.opened;
    const deadline = Date.now() + 5000;
    while (!got.length && Date.now() < deadline)
      await new Promise(res => setTimeout(res, 10));
    await r.close();
    expect(got.map(g => g.text)).toEqual(['echo hello']);
  });

  it('rejects when the source cannot be opened', async () => {
    const r = new OffThreadReceiver(
      { kind: 'lines', url: 'http://127.0.0.1:1/' },
      () => {},
    );
    await expect(r.opened).rejects.toThrow();
    await r.close();
  });
});
