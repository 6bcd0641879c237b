import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  RolloutDetail,
  RolloutRef,
  RolloutsSignalMessage,
  describeRollout,
  explainAnalysisAbort,
  rolloutsSignalChannel,
  rolloutsTabLink,
} from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import {
  EntityRolloutSelector,
  KUBERNETES_ID_ANNOTATION,
  rolloutBelongsTo,
} from '../entities/entityRollouts';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { NotificationClaims } from './NotificationClaims';
import { notificationEvent } from './notificationEvent';
import { RecentViewers } from './RecentViewers';
import { SignalCoalescer } from './SignalCoalescer';
import { liveTraceActive, traceLive } from './liveTrace';

interface WatchedEntity {
  selector: EntityRolloutSelector;
  /** Users who viewed the entity's rollouts (they passed the read check). */
  viewers: RecentViewers;
}

interface KnownState {
  phase: string;
  aborted: boolean;
  revision: string;
}

export interface LiveUpdatesOptions {
  cache: RolloutsCache;
  logger: LoggerService;
  signals?: SignalsService;
  notifications?: NotificationService;
  /**
   * Shared by the backend replicas (the plugin database): the one that
   * claims an event first sends its notification. Without it, every
   * replica that observes the event sends.
   */
  claims?: NotificationClaims;
  catalog: CatalogService;
  auth: AuthService;
  /**
   * Signals: an entity gets at most {@link SIGNAL_BURST} signals in any
   * window of this length; a change is sent at once unless the entity used
   * them up or had a signal in the last {@link SIGNAL_GATHER_MS}, then with the next signal the window allows, and while changes
   * keep coming (a storm) one signal per window carries them all (so a
   * change waits at most this long). Notifications: the state is checked
   * this long after a rollout's first change.
   */
  coalesceMs?: number;
  /** How long a view keeps an entity subscribed. */
  viewTtlMs?: number;
  /**
   * The waits before each further attempt to send a notification that
   * failed (the notifications backend restarting, its database busy): the
   * replica that claimed the event is the only one that sends it, unless
   * it has not sent it by the end of the claim's lease
   * ({@link NotificationClaims.leaseMs}); then another replica does.
   */
  notifyRetryDelaysMs?: number[];
}

/** Default {@link LiveUpdatesOptions.notifyRetryDelaysMs}: 3 attempts in about 6 s. */
export const NOTIFY_RETRY_DELAYS_MS = [1_000, 5_000];

/**
 * A replica that lost the claim of a notification checks it again this long
 * after the claim's lease: room for the replicas' clocks to differ.
 */
export const TAKEOVER_MARGIN_MS = 5_000;

/**
 * How many leases a replica that lost the claim of a notification checks it
 * for: a replica that took it over may stop before sending too, and then
 * another one takes it over after that new lease (about 2.5 minutes in all).
 */
export const TAKEOVER_ROUNDS = 4;

/**
 * Signals an entity may get at once (within one `coalesceMs` window) before
 * changes are coalesced: changes of several of its rollouts, each with the
 * controller's quick follow-ups (a ReplicaSet or status write), reach the
 * browser without waiting. Each signal makes a viewer fetch the entity's
 * list, whose answer is encoded once per change (service/ListResponses), and
 * a storm beyond the burst falls back to one signal per window; 4 held back
 * a steady ten-rollout sequence of changes with their follow-ups (about 30
 * changes a second) for up to a window.
 */
export const SIGNAL_BURST = 10;

/**
 * After each signal of an entity, what changes within this long is gathered
 * into its next signal: the copies of one change that arrive a few
 * milliseconds apart (one object seen through several cluster entries, the
 * controller's follow-up write) make one signal instead of using up the
 * {@link SIGNAL_BURST}, which a storm would then follow. A lone change is
 * still sent at once.
 */
export const SIGNAL_GATHER_MS = 20;

/**
 * Pushes cache changes out: a signal per entity (only for entities someone
 * viewed recently, to the users who viewed them), and a notification to the
 * entity's owners when a rollout turns Degraded or gets aborted.
 */
export class LiveUpdates {
  readonly #o: Required<
    Omit<LiveUpdatesOptions, 'signals' | 'notifications' | 'claims'>
  > &
    Pick<LiveUpdatesOptions, 'signals' | 'notifications' | 'claims'>;
  readonly #watched = new Map<string, WatchedEntity>();
  readonly #signals: SignalCoalescer<RolloutRef>;
  readonly #pendingStates = new Map<string, NodeJS.Timeout>();
  readonly #known = new Map<string, KnownState>();
  #off?: () => void;
  /** Aborted by stop(): ends the waits before a notification is tried again. */
  #running = new AbortController();
  /** Counters, for tests and benchmarks. */
  readonly stats = {
    signals: 0,
    notifications: 0,
    claimedElsewhere: 0,
    notificationsFailed: 0,
    /** Sent by this replica after the claimant did not send them within the lease. */
    notificationsTakenOver: 0,
  };

  constructor(options: LiveUpdatesOptions) {
    this.#o = {
      coalesceMs: 200,
      viewTtlMs: 15 * 60_000,
      notifyRetryDelaysMs: NOTIFY_RETRY_DELAYS_MS,
      ...options,
    };
    this.#signals = new SignalCoalescer({
      windowMs: this.#o.coalesceMs,
      burst: SIGNAL_BURST,
      gatherMs: Math.min(SIGNAL_GATHER_MS, this.#o.coalesceMs / 2),
      send: (entityRef, rollouts) => this.#sendSignal(entityRef, rollouts),
    });
  }

  start(): void {
    this.#running = new AbortController();
    this.#off = this.#o.cache.onRolloutsChanged((cluster, changes) =>
      this.#onChange(cluster, changes),
    );
  }

  stop(): void {
    this.#off?.();
    this.#signals.stop();
    for (const t of this.#pendingStates.values()) clearTimeout(t);
    this.#pendingStates.clear();
    this.#running.abort();
  }

  /** Called on every read of an entity's rollouts. */
  registerView(
    selector: EntityRolloutSelector,
    credentials: BackstageCredentials,
  ): void {
    if ((credentials.principal as any)?.type !== 'user') return;
    let w = this.#watched.get(selector.entityRef);
    if (!w) {
      w = {
        selector,
        viewers: new RecentViewers({ ttlMs: this.#o.viewTtlMs }),
      };
      this.#watched.set(selector.entityRef, w);
    }
    w.selector = selector;
    w.viewers.register(credentials);
  }

  #onChange(
    cluster: string,
    changes: Array<{ rollout: KubeObject; deleted: boolean }>,
  ): void {
    if (liveTraceActive())
      traceLive({
        stage: 'change',
        cluster,
        rollouts: changes.map(c => c.rollout),
      });
    for (const [entityRef, w] of this.#watched) {
      if (!w.viewers.current().length) {
        this.#watched.delete(entityRef);
        continue;
      }
      const refs: Array<[string, RolloutRef]> = [];
      for (const { rollout } of changes) {
        if (!rolloutBelongsTo(w.selector, rollout)) continue;
        const ref = {
          cluster,
          namespace: rollout.metadata.namespace!,
          name: rollout.metadata.name,
        };
        refs.push([`${cluster}/${ref.namespace}/${ref.name}`, ref]);
      }
      this.#signals.add(entityRef, refs);
    }
    if (this.#o.notifications) {
      for (const { rollout, deleted } of changes) {
        const key = `${cluster}/${rollout.metadata.namespace}/${rollout.metadata.name}`;
        if (deleted) {
          this.#known.delete(key);
          continue;
        }
        if (this.#pendingStates.has(key)) continue;
        this.#pendingStates.set(
          key,
          setTimeout(() => {
            this.#pendingStates.delete(key);
            this.#checkTransition(
              cluster,
              rollout.metadata.namespace!,
              rollout.metadata.name,
            ).catch(e =>
              this.#o.logger.warn(`rollout notification failed: ${e}`),
            );
          }, this.#o.coalesceMs),
        );
      }
    }
  }

  #sendSignal(entityRef: string, rollouts: RolloutRef[]) {
    const users = this.#watched.get(entityRef)?.viewers.current() ?? [];
    if (!users.length || !this.#o.signals) return;
    const message: RolloutsSignalMessage = {
      type: 'rollouts-changed',
      entityRef,
      rollouts,
    };
    this.stats.signals++;
    if (liveTraceActive()) traceLive({ stage: 'publish', entityRef, rollouts });
    this.#o.signals
      .publish<any>({
        recipients: { type: 'user', entityRef: users },
        channel: rolloutsSignalChannel(entityRef),
        message,
      })
      .catch(e => this.#o.logger.warn(`signal publish failed: ${e}`));
  }

  async #checkTransition(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<void> {
    const cache = this.#o.cache.cluster(cluster);
    const rollout = cache?.rollout(namespace, name);
    if (!cache || !rollout) return;
    const summary = describeRollout(cluster, cache.objectsOf(rollout));
    const key = `${cluster}/${namespace}/${name}`;
    const previous = this.#known.get(key);
    const state = {
      phase: summary.phase,
      // Aborted once the controller acted on it (status.abortedAt, written
      // with the Degraded phase in one update): `status.abort` alone is the
      // request (our PATCH, or kubectl's), seen a moment earlier by some
      // replicas and not by others, which would give the one abort two
      // events (keys) and a separate "degraded" one after it.
      aborted:
        summary.aborted &&
        Boolean((rollout.status as { abortedAt?: string })?.abortedAt),
      revision: summary.revision,
    };
    this.#known.set(key, state);
    // The first sighting only records the state: no storm of notifications at startup.
    if (!previous) return;
    // An aborted rollout (requested or acted on) is Degraded because of its
    // abort: one notification.
    const degradedNow =
      state.phase === 'Degraded' &&
      previous.phase !== 'Degraded' &&
      !summary.aborted;
    const abortedNow = state.aborted && !previous.aborted;
    if (!degradedNow && !abortedNow) return;
    const event = notificationEvent(
      cluster,
      rollout,
      summary.revision,
      abortedNow ? 'aborted' : 'degraded',
    );
    for (const entityRef of await this.#entitiesOf(cluster, rollout)) {
      if (!(await this.#claim(entityRef, event))) {
        this.stats.claimedElsewhere++;
        this.#o.logger.info(
          `notification of ${event} for ${entityRef}: claimed by another replica`,
        );
        void this.#takeOverIfUnsent(entityRef, event, summary, abortedNow);
        continue;
      }
      await this.#notifyWithRetries(entityRef, event, summary, abortedNow);
    }
  }

  /**
   * Sends one entity's notification, trying again after each wait of
   * `notifyRetryDelaysMs`; a failure is logged, never thrown, so the other
   * entities of the event still get theirs.
   */
  async #notifyWithRetries(
    entityRef: string,
    event: string,
    summary: RolloutDetail,
    aborted: boolean,
  ): Promise<void> {
    const delays = this.#o.notifyRetryDelaysMs;
    const { signal } = this.#running;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#notify(entityRef, summary, aborted);
        this.stats.notifications++;
        this.#o.logger.info(`notification of ${event} sent to ${entityRef}`);
        await this.#markSent(entityRef, event);
        return;
      } catch (e) {
        const wait = delays[attempt - 1];
        if (wait === undefined) {
          this.stats.notificationsFailed++;
          this.#o.logger.error(
            `notification of ${event} for ${entityRef} not sent (${attempt} attempt${
              attempt === 1 ? '' : 's'
            }): ${e}`,
          );
          return;
        }
        this.#o.logger.warn(
          `notification of ${event} for ${entityRef} failed (attempt ${attempt}), trying again in ${wait} ms: ${e}`,
        );
        await waitUnlessAborted(wait, signal);
        if (signal.aborted) {
          this.stats.notificationsFailed++;
          this.#o.logger.warn(
            `notification of ${event} for ${entityRef} not sent: stopping`,
          );
          return;
        }
      }
    }
  }

  /**
   * Another replica claimed the event: once its claim's lease has run out
   * (plus {@link TAKEOVER_MARGIN_MS} for the replicas' clocks), claims it
   * again. That succeeds only if the claimant never marked it sent (it
   * stopped between claiming and sending, or gave up), and this replica
   * sends it. While the claim is neither sent nor free (a third replica
   * took it over first), checks again after each new lease, for at most
   * {@link TAKEOVER_ROUNDS} leases. Never throws.
   */
  async #takeOverIfUnsent(
    entityRef: string,
    event: string,
    summary: RolloutDetail,
    aborted: boolean,
  ): Promise<void> {
    const claims = this.#o.claims;
    if (!claims) return;
    const { signal } = this.#running;
    for (let round = 1; round <= TAKEOVER_ROUNDS; round++) {
      await waitUnlessAborted(claims.leaseMs + TAKEOVER_MARGIN_MS, signal);
      if (signal.aborted) return;
      try {
        if (await claims.claim(entityRef, event)) {
          this.stats.notificationsTakenOver++;
          this.#o.logger.warn(
            `notification of ${event} for ${entityRef}: the replica that claimed it did not send it within ${claims.leaseMs} ms, sending it from this one`,
          );
          await this.#notifyWithRetries(entityRef, event, summary, aborted);
          return;
        }
        if (await claims.isSent(entityRef, event)) return;
      } catch (e) {
        this.#o.logger.warn(
          `cannot check whether the notification of ${event} for ${entityRef} was sent by its claimant: ${e}`,
        );
        return;
      }
    }
    this.#o.logger.warn(
      `notification of ${event} for ${entityRef}: still claimed and not marked sent after ${TAKEOVER_ROUNDS} leases; this replica no longer checks it`,
    );
  }

  /** Marks the claim sent, so no other replica takes it over (a failure only risks a second copy). */
  async #markSent(entityRef: string, event: string): Promise<void> {
    try {
      await this.#o.claims?.sent(entityRef, event);
    } catch (e) {
      this.#o.logger.warn(
        `cannot mark the notification of ${event} for ${entityRef} sent; another replica may send it again: ${e}`,
      );
    }
  }

  /** Entities a rollout belongs to: watched entities whose selector matches, and kubernetes-id lookups. */
  async #entitiesOf(_cluster: string, rollout: KubeObject): Promise<string[]> {
    const refs = new Set<string>();
    for (const [entityRef, w] of this.#watched) {
      if (rolloutBelongsTo(w.selector, rollout)) refs.add(entityRef);
    }
    const id = rollout.metadata.labels?.[KUBERNETES_ID_ANNOTATION];
    if (id) {
      const credentials = await this.#o.auth.getOwnServiceCredentials();
      const { items } = await this.#o.catalog.getEntities(
        {
          filter: [
            { [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]: id },
            { 'metadata.name': id },
          ],
          fields: ['kind', 'metadata'],
        },
        { credentials },
      );
      for (const e of items) {
        const annotations = e.metadata.annotations ?? {};
        const effectiveId =
          annotations[KUBERNETES_ID_ANNOTATION] ?? e.metadata.name;
        const ns = annotations['backstage.io/kubernetes-namespace'];
        if (
          effectiveId === id &&
          !annotations['backstage.io/kubernetes-label-selector'] &&
          (!ns || ns === rollout.metadata.namespace)
        ) {
          refs.add(
            `${e.kind.toLocaleLowerCase('en-US')}:${
              e.metadata.namespace ?? 'default'
            }/${e.metadata.name}`,
          );
        }
      }
    }
    return [...refs];
  }

  /** Whether this replica sends the event's notification to the entity. */
  async #claim(entityRef: string, event: string): Promise<boolean> {
    if (!this.#o.claims) return true;
    try {
      return await this.#o.claims.claim(entityRef, event);
    } catch (e) {
      // A notification twice is better than none.
      this.#o.logger.warn(
        `cannot claim the notification of ${event} for ${entityRef}, sending it anyway: ${e}`,
      );
      return true;
    }
  }

  async #notify(
    entityRef: string,
    summary: RolloutDetail,
    aborted: boolean,
  ): Promise<void> {
    const e = parseEntityRef(entityRef);
    const where = `${summary.namespace}/${summary.name} in ${
      summary.clusterTitle ?? summary.cluster
    }`;
    const analysis = summary.abortedByAnalysis;
    // The same sentence the Rollouts tab shows (rollouts-common).
    const description = analysis
      ? `${
          explainAnalysisAbort(analysis, [
            ...summary.analysisRuns,
            ...summary.experiments.flatMap(x => x.analysisRuns),
          ]).sentence
        } Revision ${summary.revision}.`
      : summary.message || `The rollout is ${summary.phase}.`;
    await this.#o.notifications!.send({
      recipients: { type: 'entity', entityRef },
      payload: {
        title: `Rollout ${where} ${aborted ? 'aborted' : 'degraded'}${
          analysis ? ' by analysis' : ''
        }`,
        description,
        link: rolloutsTabLink(e, summary, analysis?.analysisRun),
        severity: 'high',
        topic: 'rollouts',
        scope: `rollout:${summary.cluster}/${summary.namespace}/${summary.name}:${summary.revision}`,
      },
    });
  }
}

/** Resolves after `ms`, or as soon as `signal` is aborted. */
function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
