import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { rolloutsSignalChannel } from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';

/** The channel of the Deliveries page (the page listens with `useRefreshTrigger('deliveries')`). */
export const DELIVERIES_SIGNAL_CHANNEL = rolloutsSignalChannel('deliveries');

/**
 * Tells the users who opened the Deliveries page recently that deliveries
 * changed: one signal per burst of cache changes (at most one a
 * `debounceMs`), so the page reloads its current page; nothing is sent
 * while nobody looks.
 */
export class DeliveriesSignals {
  readonly #cache: RolloutsCache;
  readonly #signals?: SignalsService;
  readonly #logger: LoggerService;
  readonly #debounceMs: number;
  readonly #viewTtlMs: number;
  readonly #viewers = new Map<string, number>();
  #timer?: NodeJS.Timeout;
  #off?: () => void;
  readonly stats = { signals: 0 };

  constructor(options: {
    cache: RolloutsCache;
    signals?: SignalsService;
    logger: LoggerService;
    debounceMs?: number;
    viewTtlMs?: number;
  }) {
    this.#cache = options.cache;
    this.#signals = options.signals;
    this.#logger = options.logger;
    this.#debounceMs = options.debounceMs ?? 1000;
    this.#viewTtlMs = options.viewTtlMs ?? 15 * 60_000;
  }

  start(): void {
    this.#off = this.#cache.onRolloutsChanged(() => {
      if (!this.#viewers.size || this.#timer) return;
      this.#timer = setTimeout(() => this.#flush(), this.#debounceMs);
    });
  }

  stop(): void {
    this.#off?.();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** A user listed deliveries. */
  registerView(credentials: BackstageCredentials): void {
    const p = credentials.principal as any;
    if (p?.type === 'user')
      this.#viewers.set(p.userEntityRef, Date.now() + this.#viewTtlMs);
  }

  #flush(): void {
    this.#timer = undefined;
    const now = Date.now();
    for (const [user, expires] of this.#viewers)
      if (expires < now) this.#viewers.delete(user);
    if (!this.#viewers.size || !this.#signals) return;
    this.stats.signals++;
    this.#signals
      .publish<any>({
        recipients: { type: 'user', entityRef: [...this.#viewers.keys()] },
        channel: DELIVERIES_SIGNAL_CHANNEL,
        message: { type: 'deliveries-changed' },
      })
      .catch(e => this.#logger.warn(`signal publish failed: ${e}`));
  }
}
