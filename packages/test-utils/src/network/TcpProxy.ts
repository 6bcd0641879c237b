import net from 'node:net';

/**
 * A loopback TCP proxy in front of the real API server (TLS passes through
 * untouched). `cut()` resets every open connection and refuses new ones,
 * which is what the plugin sees when an API server restarts; `restore()`
 * lets connections through again. The shared kube-apiserver is never touched.
 */
export class TcpProxy {
  readonly #server: net.Server;
  readonly #pairs = new Set<[net.Socket, net.Socket]>();
  #cut = false;
  /** Client connections accepted while not cut. */
  accepted = 0;

  private constructor(server: net.Server) {
    this.#server = server;
  }

  static async start(target: { host: string; port: number }) {
    const holder: { proxy?: TcpProxy } = {};
    const server = net.createServer(client =>
      holder.proxy!.#accept(client, target),
    );
    const proxy = new TcpProxy(server);
    holder.proxy = proxy;
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Open proxied connections. */
  get open(): number {
    return this.#pairs.size;
  }

  cut(): void {
    this.#cut = true;
    for (const [a, b] of this.#pairs) {
      a.resetAndDestroy();
      b.destroy();
    }
    this.#pairs.clear();
  }

  restore(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket, target: { host: string; port: number }) {
    client.on('error', () => {});
    if (this.#cut) {
      client.resetAndDestroy();
      return;
    }
    this.accepted++;
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => client.destroy());
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.#pairs.add(pair);
    const drop = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
