import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeApiError, KubeClient } from '../kube/KubeClient';
import { ResourceType, trimObject } from '../kube/resources';
import { KubeList, WatchEvent } from '../kube/types';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { liveTraceActive, traceLive } from '../live/liveTrace';
import { NamespacedStore } from './NamespacedStore';

export interface WatcherOptions {
  /** Restart a watch that delivered no event or bookmark for this long. */
  silenceMs: number;
  /** Reconnect backoff bounds. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Page size of list calls. */
  pageSize?: number;
  /** Server-side watch timeout (seconds), the API server ends the stream then. */
  watchTimeoutSeconds?: number;
}

/** `absent`: an `ifServed` type whose CRD the cluster does not serve (checked again later). */
export type WatcherState = 'starting' | 'synced' | 'error' | 'absent';

/** How often an absent CRD is looked for again. */
const ABSENT_RECHECK_MS = 60_000;

/**
 * A changed object: its after-state (`deleted` for a removal, whose
 * `object` is the last state known), and the cached object it replaces
 * (the same namespace and name), if any.
 */
export interface ObjectChange {
  object: KubeObject;
  previous?: KubeObject;
  deleted: boolean;
}

/** Called with the objects that changed. */
export type ChangeListener = (changes: ObjectChange[]) => void;

/**
 * One list+watch of one resource type in one cluster (all namespaces).
 * Relists on 410 Gone, reconnects with exponential backoff, and restarts a
 * watch that went silent (bookmarks are requested, so a healthy watch is
 * never silent for long).
 */
export class ResourceWatcher {
  readonly type: ResourceType;
  readonly #client: KubeClient;
  readonly #logger: LoggerService;
  readonly #options: Required<WatcherOptions>;
  readonly #onChange: ChangeListener;
  #items = new NamespacedStore();
  #resourceVersion?: string;
  #state: WatcherState = 'starting';
  #error?: string;
  /** performance.now() of the last failure. */
  #errorAt = 0;
  readonly #onRecovered?: () => void;
  #stopped = false;
  #abort?: AbortController;
  #synced: Promise<void>;
  #resolveSynced!: () => void;
  #loop?: Promise<void>;
  #wake?: () => void;
  /** Counters, for health and benchmarks. */
  readonly stats = {
    lists: 0,
    watches: 0,
    relistsOn410: 0,
    silentRestarts: 0,
    errors: 0,
  };

  constructor(options: {
    client: KubeClient;
    type: ResourceType;
    logger: LoggerService;
    onChange: ChangeListener;
    watch: WatcherOptions;
    /** Called when a list succeeds after a failure (the API server is back). */
    onRecovered?: () => void;
  }) {
    this.#client = options.client;
    this.type = options.type;
    this.#logger = options.logger;
    this.#onChange = options.onChange;
    this.#onRecovered = options.onRecovered;
    this.#options = {
      minBackoffMs: 500,
      // Short enough to see a restarted API server again within seconds.
      maxBackoffMs: 5_000,
      pageSize: 500,
      watchTimeoutSeconds: 300,
      ...options.watch,
    };
    this.#synced = new Promise(resolve => {
      this.#resolveSynced = resolve;
    });
  }

  get state(): WatcherState {
    return this.#state;
  }

  get error(): string | undefined {
    return this.#error;
  }

  /** When the last failure happened (performance.now()). */
  get errorAt(): number {
    return this.#errorAt;
  }

  /** Cuts a failed watcher's backoff short (another watcher reached the API server again). */
  retryNow(): void {
    if (this.#state === 'error') this.#wake?.();
  }

  /** Resolves after the first successful list. */
  get synced(): Promise<void> {
    return this.#synced;
  }

  items(): IterableIterator<KubeObject> {
    return this.#items.values();
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.#items.get(namespace, name);
  }

  get size(): number {
    return this.#items.size;
  }

  start(): void {
    if (!this.#loop) {
      this.#loop = this.#run();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort?.abort();
    this.#wake?.();
    await this.#loop;
  }

  /**
   * Restarts the watch from the given resourceVersion (an expired one makes
   * the API server answer 410 Gone, which must lead to a relist).
   */
  watchFrom(resourceVersion: string): void {
    this.#resourceVersion = resourceVersion;
    this.#abort?.abort();
  }

  /** Forces a relist now (e.g. after the API server restarted). */
  restart(): void {
    this.#resourceVersion = undefined;
    this.#abort?.abort();
    this.#wake?.();
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      try {
        if (!this.#resourceVersion) {
          await this.#list();
        }
        failures = 0;
        const started = Date.now();
        await this.#watchOnce();
        // A watch the server keeps closing at once must not become a busy loop.
        if (Date.now() - started < 1000 && !this.#stopped)
          await this.#sleep(this.#options.minBackoffMs);
      } catch (e) {
        if (this.#stopped) break;
        const err = e as KubeApiError;
        if (err.statusCode === 410) {
          this.stats.relistsOn410++;
          this.#logger.info(
            `${this.#label()}: resource version expired, relisting`,
          );
          this.#resourceVersion = undefined;
          continue;
        }
        if (
          err.statusCode === 404 &&
          this.type.ifServed &&
          !this.#resourceVersion
        ) {
          this.#becomeAbsent();
          await this.#sleep(ABSENT_RECHECK_MS);
          continue;
        }
        failures++;
        this.stats.errors++;
        this.#state = 'error';
        this.#errorAt = performance.now();
        this.#error =
          err.statusCode === 404 && !this.#resourceVersion
            ? `${this.type.plural}.${
                this.type.prefix.split('/')[2] ?? 'core'
              } not served by this cluster (CRD not installed?)`
            : err.message;
        this.#resourceVersion = undefined;
        const backoff = Math.min(
          this.#options.maxBackoffMs,
          this.#options.minBackoffMs * 2 ** Math.min(failures - 1, 10),
        );
        const delay = backoff / 2 + Math.random() * (backoff / 2);
        this.#logger.warn(
          `${this.#label()}: ${this.#error}; retrying in ${Math.round(
            delay,
          )} ms`,
        );
        await this.#sleep(delay);
      }
    }
  }

  /** The CRD is not served: no objects, nothing to report, not an error. */
  #becomeAbsent(): void {
    const removed = [...this.#items.values()];
    this.#items = new NamespacedStore();
    this.#resourceVersion = undefined;
    this.#state = 'absent';
    this.#error = undefined;
    this.#resolveSynced();
    if (removed.length) {
      this.#onChange(
        removed.map(object => ({ object, previous: object, deleted: true })),
      );
    }
  }

  async #list(): Promise<void> {
    this.stats.lists++;
    const next = new NamespacedStore();
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const params = new URLSearchParams({
        limit: String(this.#options.pageSize),
      });
      if (continueToken) params.set('continue', continueToken);
      if (this.type.fieldSelector)
        params.set('fieldSelector', this.type.fieldSelector);
      if (this.type.labelSelector)
        params.set('labelSelector', this.type.labelSelector);
      const list = await this.#client.request<KubeList>(
        'GET',
        `${this.#basePath()}?${params}`,
      );
      for (const item of list.items ?? []) {
        const trimmed = trimObject(this.type.key, item);
        next.set(trimmed);
      }
      continueToken = list.metadata?.continue || undefined;
      resourceVersion = list.metadata?.resourceVersion ?? '';
    } while (continueToken && !this.#stopped);

    const changes: ObjectChange[] = [];
    const find = (store: NamespacedStore, o: KubeObject) =>
      store.get(o.metadata.namespace ?? '', o.metadata.name);
    for (const obj of this.#items.values()) {
      if (!find(next, obj))
        changes.push({ object: obj, previous: obj, deleted: true });
    }
    for (const obj of next.values()) {
      const previous = find(this.#items, obj);
      if (previous?.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        changes.push({ object: obj, previous, deleted: false });
      }
    }
    this.#items = next;
    this.#resourceVersion = resourceVersion;
    const recovered = this.#state === 'error';
    if (this.#state === 'absent') {
      this.#logger.info(`${this.#label()}: now served by the cluster`);
    }
    this.#state = 'synced';
    this.#error = undefined;
    this.#resolveSynced();
    if (recovered) this.#onRecovered?.();
    if (changes.length) this.#onChange(changes);
  }

  async #watchOnce(): Promise<void> {
    this.stats.watches++;
    const abort = new AbortController();
    this.#abort = abort;
    const params = new URLSearchParams({
      watch: '1',
      allowWatchBookmarks: 'true',
      resourceVersion: this.#resourceVersion ?? '',
      timeoutSeconds: String(this.#options.watchTimeoutSeconds),
    });
    if (this.type.fieldSelector)
      params.set('fieldSelector', this.type.fieldSelector);
    if (this.type.labelSelector)
      params.set('labelSelector', this.type.labelSelector);
    let silent = false;
    let silenceTimer: NodeJS.Timeout | undefined;
    const armSilenceTimer = () => {
      if (silenceTimer) clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        silent = true;
        abort.abort();
      }, this.#options.silenceMs);
    };
    armSilenceTimer();
    let gone: KubeApiError | undefined;
    try {
      await this.#client.watch(
        `${this.#basePath()}?${params}`,
        (event: WatchEvent) => {
          armSilenceTimer();
          if (liveTraceActive())
            traceLive({
              stage: 'watch-event',
              cluster: this.#client.cluster,
              type: this.type.key,
              eventType: event.type,
              object: event.object as KubeObject,
            });
          if (event.type === 'ERROR') {
            const status = event.object ?? {};
            gone = new KubeApiError(
              this.#client.cluster,
              this.#client.scrub(String(status.message ?? 'watch error')),
              status.code,
              status.reason,
            );
            abort.abort();
            return;
          }
          const rv = event.object?.metadata?.resourceVersion;
          if (rv) this.#resourceVersion = rv;
          if (event.type === 'BOOKMARK') return;
          const obj = trimObject(this.type.key, event.object as KubeObject);
          const namespace = obj.metadata.namespace ?? '';
          const previous = this.#items.get(namespace, obj.metadata.name);
          if (event.type === 'DELETED') {
            this.#items.delete(namespace, obj.metadata.name);
            this.#onChange([{ object: obj, previous, deleted: true }]);
          } else {
            this.#items.set(obj);
            this.#onChange([{ object: obj, previous, deleted: false }]);
          }
        },
        abort.signal,
      );
    } finally {
      if (silenceTimer) clearTimeout(silenceTimer);
    }
    if (gone) throw gone;
    if (silent && !this.#stopped) {
      this.stats.silentRestarts++;
      this.#logger.info(
        `${this.#label()}: watch silent for ${
          this.#options.silenceMs
        } ms, restarting`,
      );
      // The silence may mean a half-open connection: watch again from the
      // last resourceVersion seen, which replays what was missed (or answers
      // 410 Gone, and that relists). A type nobody changes (no events, and no
      // bookmarks without etcd progress notifications) stays a cheap watch
      // instead of a LIST every silence period.
    }
  }

  #basePath(): string {
    return `${this.type.prefix}/${this.type.plural}`;
  }

  #label(): string {
    return `cluster ${this.#client.cluster} ${this.type.plural}`;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
