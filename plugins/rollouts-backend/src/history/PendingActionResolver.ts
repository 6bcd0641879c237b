import { LoggerService } from '@backstage/backend-plugin-api';
import { rolloutState } from '../actions/preconditions';
import { workloadPath } from '../actions/workload';
import { KubeApiError } from '../kube/KubeClient';
import { rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import type { KubeRequester } from '../service/ActionExecutor';
import { ActionHistoryStore, PendingAction } from './ActionHistoryStore';
import { judgeLanding } from './judgeLanding';

/** Default time a pending row is left to the replica running its action. */
export const DEFAULT_PENDING_GRACE_MS = 60_000;

type RolloutTarget = { cluster: string; namespace: string; name: string };

/**
 * Resolves the `pending` history rows of actions whose replica stopped
 * before completing them (killed between the patch and the history write):
 * once a row is older than the grace period, it reads the patched objects
 * from the cluster and marks it `landed`, `not-landed` or `unknown` (see
 * {@link judgeLanding}), with a message saying so. Any replica does it (the
 * history is shared); a replica that was only slow still completes its row
 * with the real outcome afterwards.
 */
export class PendingActionResolver {
  readonly #history: ActionHistoryStore;
  readonly #client: (cluster: string) => KubeRequester | undefined;
  readonly #logger: LoggerService;
  readonly #graceMs: number;

  constructor(options: {
    history: ActionHistoryStore;
    /** The API server client of a cluster, by name. */
    client(cluster: string): KubeRequester | undefined;
    logger: LoggerService;
    graceMs?: number;
  }) {
    this.#history = options.history;
    this.#client = options.client;
    this.#logger = options.logger;
    this.#graceMs = options.graceMs ?? DEFAULT_PENDING_GRACE_MS;
  }

  get graceMs(): number {
    return this.#graceMs;
  }

  /** Resolves the overdue pending rows of one rollout (before its history is read). */
  async resolveRollout(rollout: RolloutTarget): Promise<void> {
    await this.#resolveAll(rollout);
  }

  /** Resolves every overdue pending row (a replica starting up); the number resolved. */
  async resolveAll(): Promise<number> {
    return this.#resolveAll(undefined);
  }

  async #resolveAll(rollout: RolloutTarget | undefined): Promise<number> {
    const pending = await this.#history.listPending({
      startedBefore: new Date(Date.now() - this.#graceMs),
      rollout,
    });
    let resolved = 0;
    for (const p of pending) {
      try {
        if (await this.#resolve(p)) resolved++;
      } catch (e) {
        // Left pending: the next read tries again.
        this.#logger.warn(
          `cannot resolve pending action ${p.entry.id} (${p.entry.action} of ${p.entry.cluster}/${p.entry.namespace}/${p.entry.name}): ${e}`,
        );
      }
    }
    return resolved;
  }

  async #resolve({ entry, check }: PendingAction): Promise<boolean> {
    const client = this.#client(entry.cluster);
    if (!client) {
      return this.#history.resolvePending(entry.id, {
        outcome: 'unknown',
        message: `The replica running this action stopped before recording its outcome; cluster ${entry.cluster} is no longer configured, so whether it landed is unknown.`,
      });
    }
    const rollout = await getOrUndefined(
      client,
      rolloutPath(entry.namespace, entry.name),
    );
    const workloads = new Map<string, KubeObject | undefined>();
    for (const call of check.calls) {
      if (call.target !== 'workload' || !call.workload) continue;
      const { kind, name } = call.workload;
      workloads.set(
        `${kind}/${name}`,
        await getOrUndefined(client, workloadPath(kind, entry.namespace, name)),
      );
    }
    const verdict = judgeLanding(entry, check, {
      rollout,
      workload: call =>
        workloads.get(`${call.workload?.kind}/${call.workload?.name}`),
    });
    const resolved = await this.#history.resolvePending(entry.id, {
      ...verdict,
      ...(rollout ? { after: rolloutState(rollout) } : {}),
    });
    if (resolved) {
      this.#logger.info(
        `pending action ${entry.id} (${entry.action} of ${entry.cluster}/${entry.namespace}/${entry.name}) resolved as ${verdict.outcome}`,
      );
    }
    return resolved;
  }
}

async function getOrUndefined(
  client: KubeRequester,
  path: string,
): Promise<KubeObject | undefined> {
  try {
    return await client.request<KubeObject>('GET', path);
  } catch (e) {
    if ((e as KubeApiError).statusCode === 404) return undefined;
    throw e;
  }
}
