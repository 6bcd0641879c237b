/**
 * Leading-edge coalescing per key, with a sliding window: a key gets at most
 * `burst` sends in any `windowMs`. A change is sent at once while the key has
 * sent fewer than `burst` times in the last `windowMs`; otherwise it is
 * collected (by item id, the latest wins) and sent, with everything else
 * collected, as soon as the oldest send of the window is `windowMs` old. So
 * a lone change or a short burst is never delayed, a storm is delayed at most
 * `windowMs`, and nothing is lost.
 */
export class SignalCoalescer<T> {
  readonly #windowMs: number;
  readonly #burst: number;
  readonly #send: (key: string, items: T[]) => void;
  /** Keys that sent within the last window → sends still in it, items collected since. */
  readonly #open = new Map<
    string,
    { timers: Set<NodeJS.Timeout>; pending: Map<string, T> }
  >();

  constructor(options: {
    windowMs: number;
    /** Sends allowed per key in any `windowMs` (default 1: one per window). */
    burst?: number;
    send: (key: string, items: T[]) => void;
  }) {
    this.#windowMs = options.windowMs;
    this.#burst = Math.max(1, options.burst ?? 1);
    this.#send = options.send;
  }

  /** Items changed for `key`, by id. */
  add(key: string, items: Iterable<[string, T]>): void {
    const open = this.#open.get(key);
    if (open && (open.pending.size || open.timers.size >= this.#burst)) {
      for (const [id, item] of items) open.pending.set(id, item);
      return;
    }
    const now = [...new Map(items).values()];
    if (!now.length) return;
    this.#sendNow(key, now);
  }

  /** Keys that sent within the last window (for tests and stats). */
  get openKeys(): number {
    return this.#open.size;
  }

  stop(): void {
    for (const { timers } of this.#open.values())
      for (const timer of timers) clearTimeout(timer);
    this.#open.clear();
  }

  #sendNow(key: string, items: T[]): void {
    let open = this.#open.get(key);
    if (!open) {
      open = { timers: new Set(), pending: new Map() };
      this.#open.set(key, open);
    }
    const timers = open.timers;
    const timer = setTimeout(() => {
      timers.delete(timer);
      this.#release(key);
    }, this.#windowMs);
    timer.unref?.();
    timers.add(timer);
    this.#send(key, items);
  }

  /** A send left the window: what was collected goes out now. */
  #release(key: string): void {
    const open = this.#open.get(key);
    if (!open) return;
    if (open.pending.size) {
      const items = [...open.pending.values()];
      open.pending = new Map();
      this.#sendNow(key, items);
    } else if (!open.timers.size) {
      this.#open.delete(key);
    }
  }
}
