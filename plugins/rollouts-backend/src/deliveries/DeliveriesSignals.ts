import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { rolloutsSignalChannel } from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { RecentViewers } from '../live/RecentViewers';
import { SignalCoalescer } from '../live/SignalCoalescer';

/** The channel of the Deliveries page (the page listens with `useRefreshTrigger('deliveries')`). */
export const DELIVERIES_SIGNAL_CHANNEL = rolloutsSignalChannel('deliveries');

/** The one coalescing key: every delivery change refreshes the same page. */
const FLEET = 'deliveries';

/**
 * Tells the users who opened the Deliveries page recently that deliveries
 * changed, so the page reloads its current page. Coalesced like the entity
 * signals (the same {@link SignalCoalescer}): the first change is sent at
 * once, a burst gives at most one signal per `coalesceMs`; nothing is sent
 * while nobody looks.
 */
export class DeliveriesSignals {
  readonly #cache: RolloutsCache;
  readonly #signals?: SignalsService;
  readonly #logger: LoggerService;
  readonly #viewers: RecentViewers;
  readonly #coalescer: SignalCoalescer<string>;
  #off?: () => void;
  readonly stats = { signals: 0 };

  constructor(options: {
    cache: RolloutsCache;
    signals?: SignalsService;
    logger: LoggerService;
    coalesceMs?: number;
    viewTtlMs?: number;
  }) {
    this.#cache = options.cache;
    this.#signals = options.signals;
    this.#logger = options.logger;
    this.#viewers = new RecentViewers({
      ttlMs: options.viewTtlMs ?? 15 * 60_000,
    });
    this.#coalescer = new SignalCoalescer<string>({
      windowMs: options.coalesceMs ?? 1000,
      send: () => this.#publish(),
    });
  }

  start(): void {
    this.#off = this.#cache.onRolloutsChanged((cluster, changes) => {
      if (!this.#viewers.any) return;
      this.#coalescer.add(
        FLEET,
        changes.map(({ rollout }) => {
          const id = `${cluster}/${rollout.metadata.namespace}/${rollout.metadata.name}`;
          return [id, id];
        }),
      );
    });
  }

  stop(): void {
    this.#off?.();
    this.#coalescer.stop();
  }

  /** A user listed deliveries. */
  registerView(credentials: BackstageCredentials): void {
    this.#viewers.register(credentials);
  }

  #publish(): void {
    const users = this.#viewers.current();
    if (!users.length || !this.#signals) return;
    this.stats.signals++;
    this.#signals
      .publish<any>({
        recipients: { type: 'user', entityRef: users },
        channel: DELIVERIES_SIGNAL_CHANNEL,
        message: { type: 'deliveries-changed' },
      })
      .catch(e => this.#logger.warn(`signal publish failed: ${e}`));
  }
}
