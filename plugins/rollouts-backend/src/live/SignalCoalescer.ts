/**
 * Leading-edge coalescing per key, with a sliding window: a key gets at most
 * `burst` sends in any `windowMs`. A change is sent at once while the key has
 * sent fewer than `burst` times in the last `windowMs`; otherwise it is
 * collected (by item id, the latest wins) and sent, with everything else
 * collected, as soon as the oldest send of the window is `windowMs` old.
 * That trailing send opens a storm: while it is in its window, everything
 * is collected for the next trailing send, so a storm gets one send per
 * `windowMs`, not `burst`; a window without changes ends it. So a lone
 * change or a burst of up to `burst` is never delayed, a storm is delayed at
 * most `windowMs` and costs one send per window, and nothing is lost.
 */
export class SignalCoalescer<T> {
  readonly #windowMs: number;
  readonly #burst: number;
  readonly #send: (key: string, items: T[]) => void;
  /** Keys that sent within the last window → sends still in it, items collected since. */
  readonly #open = new Map<
    string,
    {
      timers: Set<NodeJS.Timeout>;
      pending: Map<string, T>;
      /** A trailing send is in its window: the key is in a storm. */
      storming: boolean;
    }
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
    if (
      open &&
      (open.pending.size || open.storming || open.timers.size >= this.#burst)
    ) {
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

  #sendNow(key: string, items: T[], trailing = false): void {
    let open = this.#open.get(key);
    if (!open) {
      open = { timers: new Set(), pending: new Map(), storming: false };
      this.#open.set(key, open);
    }
    const current = open;
    if (trailing) current.storming = true;
    const timer = setTimeout(() => {
      current.timers.delete(timer);
      if (trailing) current.storming = false;
      this.#release(key);
    }, this.#windowMs);
    timer.unref?.();
    current.timers.add(timer);
    this.#send(key, items);
  }

  /** A send left the window: what was collected goes out now. */
  #release(key: string): void {
    const open = this.#open.get(key);
    if (!open) return;
    // In a storm, what was collected waits for the trailing send's window.
    if (open.pending.size && !open.storming) {
      const items = [...open.pending.values()];
      open.pending = new Map();
      this.#sendNow(key, items, true);
    } else if (!open.timers.size && !open.pending.size) {
      this.#open.delete(key);
    }
  }
}
