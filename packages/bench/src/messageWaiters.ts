/**
 * Waiters for the next message of a stream that matches: what a bench
 * client (Gradual's WebSocket, the dashboard's stream) times a change by.
 */
export class MessageWaiters<T> {
  readonly #waiters = new Set<{
    match: (message: T) => boolean;
    resolve: (at: bigint | undefined) => void;
  }>();

  /** hrtime of the first message from now on that matches, or undefined after `timeoutMs`. */
  next(
    match: (message: T) => boolean,
    timeoutMs: number,
  ): Promise<bigint | undefined> {
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const waiter = {
        match,
        resolve: (at: bigint | undefined) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        resolve(undefined);
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** A message received at `at` (hrtime): resolves every waiter it matches. */
  received(message: T, at: bigint): void {
    for (const w of this.#waiters) {
      if (w.match(message)) {
        this.#waiters.delete(w);
        w.resolve(at);
      }
    }
  }
}
