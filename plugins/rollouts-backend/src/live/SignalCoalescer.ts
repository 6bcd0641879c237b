/**
 * Leading-edge coalescing per key: the first change of a quiet key is sent at
 * once; changes arriving within the next `windowMs` are collected (by item
 * id, the latest wins) and sent together when the window ends, which opens
 * the next window. A key therefore gets at most one send per window, and a
 * lone change is never delayed.
 */
export class SignalCoalescer<T> {
  readonly #windowMs: number;
  readonly #send: (key: string, items: T[]) => void;
  /** Keys whose window is open → items changed since the last send. */
  readonly #open = new Map<
    string,
    { timer: NodeJS.Timeout; pending: Map<string, T> }
  >();

  constructor(options: {
    windowMs: number;
    send: (key: string, items: T[]) => void;
  }) {
    this.#windowMs = options.windowMs;
    this.#send = options.send;
  }

  /** Items changed for `key`, by id. */
  add(key: string, items: Iterable<[string, T]>): void {
    const open = this.#open.get(key);
    if (open) {
      for (const [id, item] of items) open.pending.set(id, item);
      return;
    }
    const now = [...new Map(items).values()];
    if (!now.length) return;
    this.#openWindow(key);
    this.#send(key, now);
  }

  /** Keys with an open window (for tests and stats). */
  get openKeys(): number {
    return this.#open.size;
  }

  stop(): void {
    for (const { timer } of this.#open.values()) clearTimeout(timer);
    this.#open.clear();
  }

  #openWindow(key: string): void {
    const timer = setTimeout(() => this.#closeWindow(key), this.#windowMs);
    timer.unref?.();
    this.#open.set(key, { timer, pending: new Map() });
  }

  #closeWindow(key: string): void {
    const open = this.#open.get(key);
    this.#open.delete(key);
    if (!open?.pending.size) return;
    this.#openWindow(key);
    this.#send(key, [...open.pending.values()]);
  }
}
