import { MessageWaiters } from './messageWaiters';
import { OffThreadReceiver, OffThreadSource } from './offThreadReceiver';

/**
 * A subscriber of the real signals backend over its WebSocket, like the
 * frontend's signal API: connects to /api/signals (unauthenticated = the
 * guest user, who is also the bench's viewer) and subscribes to a channel.
 * It receives on its own thread, as a browser does in its own process.
 */
export class SignalClient {
  readonly #receiver: OffThreadReceiver;
  readonly #waiters = new MessageWaiters<any>();

  private constructor(source: OffThreadSource) {
    this.#receiver = new OffThreadReceiver(source, (at, text) =>
      this.#message(at, text),
    );
  }

  #message(at: bigint, text: string) {
    let data: any;
    try {
      data = JSON.parse(text);
    } catch {
      return;
    }
    this.#waiters.received(data, at);
  }

  static async connect(
    baseUrl: string,
    channel: string,
    attempts = 5,
    /** A Backstage token (the WebSocket protocol, as the frontend sends it); none = unauthenticated. */
    token?: string,
  ): Promise<SignalClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/signals`;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      const client = new SignalClient({
        kind: 'websocket',
        url,
        ...(token ? { protocols: [token] } : {}),
        send: JSON.stringify({ action: 'subscribe', channel }),
      });
      const receiver = client.#receiver;
      try {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          receiver.opened,
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error('no WebSocket handshake within 3 s')),
              3000,
            );
          }),
        ]).finally(() => clearTimeout(timer));
        return client;
      } catch (e) {
        last = e;
        await receiver.close();
      }
    }
    throw new Error(`cannot subscribe to ${url}: ${last}`);
  }

  /** hrtime of the first message from now on that matches, or undefined after `timeoutMs`. */
  next(
    match: (data: any) => boolean,
    timeoutMs: number,
  ): Promise<bigint | undefined> {
    return this.#waiters.next(match, timeoutMs);
  }

  close(): void {
    this.#receiver.close().catch(() => {});
  }
}
