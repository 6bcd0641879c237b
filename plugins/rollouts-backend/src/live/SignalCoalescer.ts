/**
 * Leading-edge coalescing per key, with a sliding window: a key gets at most
 * `burst` sends in any `windowMs`. A change is sent at once while the key has
 * sent fewer than `burst` times in the last `windowMs`; otherwise it is
 * collected (by item id, the latest wins) and sent, with everything else
 * collected, as soon as the oldest send of the window is `windowMs` old.
 * That trailing send opens a storm: while it is in its window, everything
 * is collected for the next trailing send, so a storm gets one send per
 * `windowMs`, not `burst`; a window without changes ends it.
 *
 * With `gatherMs`, each send also opens a short gather: what changes in the
 * next `gatherMs` is collected and sent together when it ends (if the burst
 * allows), so the copies of one change that arrive a few milliseconds apart
 * (the same object through several cluster entries, a controller's
 * follow-up write) cost one send instead of using up the burst.
 *
 * So a lone change is never delayed, a change right after one waits at most
 * `gatherMs`, a storm is delayed at most `windowMs` and costs one send per
 * window, and nothing is lost.
 */
export class SignalCoalescer<T> {
  readonly #windowMs: number;
  readonly #burst: number;
  readonly #gatherMs: number;
  readonly #send: (key: string, items: T[]) => void;
  /** Keys that sent within the last window → sends still in it, items collected since. */
  readonly #open = new Map<
    string,
    {
      timers: Set<NodeJS.Timeout>;
      pending: Map<string, T>;
      /** A trailing send is in its window: the key is in a storm. */
      storming: boolean;
      /** The gather after the last send, while it lasts. */
      gather?: NodeJS.Timeout;
    }
  >();

  constructor(options: {
    windowMs: number;
    /** Sends allowed per key in any `windowMs` (default 1: one per window). */
    burst?: number;
    /** After each send, collect this long before the next (default 0: none; less than `windowMs`). */
    gatherMs?: number;
    send: (key: string, items: T[]) => void;
  }) {
    this.#windowMs = options.windowMs;
    this.#burst = Math.max(1, options.burst ?? 1);
    const gatherMs = Math.max(0, options.gatherMs ?? 0);
    if (gatherMs >= options.windowMs)
      throw new Error(
        `gatherMs (${gatherMs}) must be shorter than windowMs (${options.windowMs})`,
      );
    this.#gatherMs = gatherMs;
    this.#send = options.send;
  }

  /** Items changed for `key`, by id. */
  add(key: string, items: Iterable<[string, T]>): void {
    const open = this.#open.get(key);
    if (
      open &&
      (open.pending.size ||
        open.storming ||
        open.gather ||
        open.timers.size >= this.#burst)
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
    for (const { timers, gather } of this.#open.values()) {
      for (const timer of timers) clearTimeout(timer);
      if (gather) clearTimeout(gather);
    }
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
      this.#release(key, 'window');
    }, this.#windowMs);
    timer.unref?.();
    current.timers.add(timer);
    if (this.#gatherMs) {
      const gather = setTimeout(() => {
        current.gather = undefined;
        this.#release(key, 'gather');
      }, this.#gatherMs);
      gather.unref?.();
      current.gather = gather;
    }
    this.#send(key, items);
  }

  /**
   * A send left the window, or a gather ended: what was collected goes out
   * now if the key may send. Collected items that waited for a send to leave
   * the window (the burst was used up) go out as a trailing send: a storm.
   */
  #release(key: string, after: 'window' | 'gather'): void {
    const open = this.#open.get(key);
    if (!open) return;
    if (open.pending.size) {
      if (open.storming || open.gather || open.timers.size >= this.#burst)
        return;
      const items = [...open.pending.values()];
      open.pending = new Map();
      this.#sendNow(key, items, after === 'window');
    } else if (!open.timers.size && !open.gather) {
      this.#open.delete(key);
    }
  }
}
