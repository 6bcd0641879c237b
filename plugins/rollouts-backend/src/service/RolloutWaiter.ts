import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  RolloutDetail,
  RolloutWaitResult,
  RolloutWaitState,
  RolloutWatchEnd,
  WaitTarget,
  describeRollout,
  evaluateWait,
  waitResultOf,
  waitStateOf,
} from '@gradual/plugin-rollouts-common';
import { RolloutChangeListener, RolloutObjectSet } from '../cache/ClusterCache';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { rolloutPath } from '../kube/resources';
import { RolloutRequestTarget } from './RolloutLocator';

/** What a wait reads: one cluster's watch cache (a `ClusterCache`). */
export interface WaitCluster {
  readonly name: string;
  rollout(namespace: string, name: string): KubeObject | undefined;
  objectsOf(rollout: KubeObject): RolloutObjectSet;
  onRolloutsChanged(listener: RolloutChangeListener): () => void;
  /** One GET of the live rollout at the start (see {@link RolloutWaiter}). */
  client?: {
    request<T>(method: 'GET', path: string): Promise<T>;
  };
}

/** Finds the caller's rollout with a read-permission check (`RolloutLocator.locate`). */
export type LocateRollout = (
  target: RolloutRequestTarget,
  credentials: BackstageCredentials,
) => Promise<{ cluster: WaitCluster; rollout: KubeObject }>;

export interface WaitOptions {
  until: WaitTarget;
  timeoutSeconds: number;
  /** Ends the wait early (client went away); the promise then resolves as a timeout. */
  signal?: AbortSignal;
  /** Each new state of the rollout, the first one included. */
  onProgress?: (state: RolloutWaitState) => void;
}

export interface WatchOptions {
  timeoutSeconds: number;
  /** Ends the watch early (client went away). */
  signal?: AbortSignal;
  /** The rollout's detail: the first one, then each different one. */
  onChange: (detail: RolloutDetail) => void;
}

/** etcd's resourceVersions are integers; anything else gives no order. */
function isOlder(rv: string | undefined, floor: string | undefined): boolean {
  if (!rv || !floor || !/^\d+$/.test(rv) || !/^\d+$/.test(floor)) return false;
  return BigInt(rv) < BigInt(floor);
}

const progressKey = (s: RolloutWaitState) =>
  JSON.stringify({ ...s, resourceVersion: undefined });

/**
 * The wait API (`GET …/status?until=…&timeout=…`) and the watch stream
 * (`GET …/watch`): a long-poll on the watch cache. It subscribes to the cache's change events for the rollout and
 * answers as soon as `evaluateWait` says the wait is over, or at the
 * timeout; the API server is never polled.
 *
 * The only request to the API server is one GET at the start: its
 * resourceVersion is the floor under which cached states are ignored, so a
 * wait started right after a write (set-image, promote) never answers from
 * the state before that write, which the cache may still hold for a moment.
 */
export class RolloutWaiter {
  readonly #locate: LocateRollout;

  constructor(options: { locate: LocateRollout }) {
    this.#locate = options.locate;
  }

  async wait(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    options: WaitOptions,
  ): Promise<RolloutWaitResult> {
    let lastKey: string | undefined;
    return this.#follow(target, credentials, options, {
      change: (detail, waited) => {
        const state = waitStateOf(detail);
        const key = progressKey(state);
        if (key !== lastKey) {
          lastKey = key;
          options.onProgress?.(state);
        }
        const outcome = evaluateWait(detail, options.until);
        return outcome
          ? waitResultOf(detail, options.until, outcome, waited())
          : undefined;
      },
      end: (detail, waited) =>
        waitResultOf(detail, options.until, 'timeout', waited),
    });
  }

  /**
   * The change stream of `gradual get --watch` (`GET …/watch`), like
   * upstream `get rollout --watch`: the rollout's detail now and on every
   * change of it or its owned objects (equal details are sent once), until
   * the timeout or the signal; it never ends because the rollout is at rest.
   */
  watch(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    options: WatchOptions,
  ): Promise<RolloutWatchEnd> {
    let lastKey: string | undefined;
    return this.#follow(target, credentials, options, {
      change: detail => {
        const key = JSON.stringify(detail);
        if (key !== lastKey) {
          lastKey = key;
          options.onChange(detail);
        }
        return undefined;
      },
      end: (_detail, waited) => ({
        reason: options.signal?.aborted ? 'closed' : 'timeout',
        watchedSeconds: waited,
      }),
    });
  }

  /**
   * The long-poll both share: subscribes to the cache's change events of the
   * rollout, hands each new detail to `change` (its answer, if any, ends
   * the follow) and answers `end` at the timeout or the signal; rejects when
   * the rollout is deleted.
   */
  async #follow<R>(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    options: { timeoutSeconds: number; signal?: AbortSignal },
    on: {
      change: (detail: RolloutDetail, waited: () => number) => R | undefined;
      end: (last: RolloutDetail, waited: number) => R;
    },
  ): Promise<R> {
    const started = Date.now();
    const { cluster, rollout } = await this.#locate(target, credentials);
    const uid = rollout.metadata.uid;
    const floor = await this.#liveResourceVersion(cluster, target);
    const waited = () => Math.round((Date.now() - started) / 1000);

    return new Promise<R>((resolve, reject) => {
      let last: RolloutDetail | undefined;
      let done = false;
      const cleanups: Array<() => void> = [];
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        cleanups.forEach(cleanup => cleanup());
        fn();
      };
      const timeout = () =>
        finish(() => {
          const detail =
            last ?? describeRollout(cluster.name, cluster.objectsOf(rollout));
          resolve(on.end(detail, waited()));
        });
      const evaluate = () => {
        const current = cluster.rollout(target.namespace, target.name);
        if (!current || current.metadata.uid !== uid) {
          finish(() =>
            reject(
              new NotFoundError(
                `rollout ${target.cluster}/${target.namespace}/${target.name} was deleted while waiting`,
              ),
            ),
          );
          return;
        }
        if (isOlder(current.metadata.resourceVersion, floor)) return;
        const detail = describeRollout(
          cluster.name,
          cluster.objectsOf(current),
        );
        last = detail;
        const result = on.change(detail, waited);
        if (result !== undefined) finish(() => resolve(result));
      };
      cleanups.push(
        cluster.onRolloutsChanged((_cluster, changed) => {
          if (changed.some(c => c.rollout.metadata.uid === uid)) evaluate();
        }),
      );
      const timer = setTimeout(timeout, options.timeoutSeconds * 1000);
      cleanups.push(() => clearTimeout(timer));
      const signal = options.signal;
      if (signal) {
        signal.addEventListener('abort', timeout);
        cleanups.push(() => signal.removeEventListener('abort', timeout));
      }
      if (signal?.aborted) timeout();
      else evaluate();
    });
  }

  async #liveResourceVersion(
    cluster: WaitCluster,
    target: RolloutRequestTarget,
  ): Promise<string | undefined> {
    if (!cluster.client) return undefined;
    try {
      const live = await cluster.client.request<KubeObject>(
        'GET',
        rolloutPath(target.namespace, target.name),
      );
      return live.metadata.resourceVersion;
    } catch {
      // The cluster is unreachable: answer from the cache as it is.
      return undefined;
    }
  }
}
