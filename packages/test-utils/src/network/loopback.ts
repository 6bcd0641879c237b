/*
 * Loopback TCP fault injectors: a port nobody listens on, and a listener that
 * accepts and never answers.
 */
import net from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it); nobody listens on it. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/** A loopback port nobody listens on (connection refused). */
export const refusedPort = freePort;

export interface CountingListener {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP listener that accepts and never answers: a hanging API
 * server, and a witness that counts who connected to it.
 */
export async function blackHole(): Promise<CountingListener> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer(s => {
    state.connections++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>(resolve => {
        sockets.forEach(s => s.destroy());
        server.close(() => resolve());
      }),
  };
}
