import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ActionHistoryEntry,
  rolloutReadPermission,
} from '@gradual/plugin-rollouts-common';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { PendingActionResolver } from '../history/PendingActionResolver';
import { ReadOptions, RolloutReadAudit } from './RolloutReadAudit';
import { RolloutLocator, RolloutRequestTarget } from './RolloutLocator';

/**
 * The history read of {@link RolloutsService}: a rollout's action history,
 * newest first, its overdue pending rows resolved first (read permission;
 * audited).
 */
export class RolloutHistoryReader {
  readonly #locator: RolloutLocator;
  readonly #history: ActionHistoryStore;
  readonly #pending: PendingActionResolver;
  readonly #audit: RolloutReadAudit;

  constructor(options: {
    locator: RolloutLocator;
    history: ActionHistoryStore;
    pending: PendingActionResolver;
    audit: RolloutReadAudit;
  }) {
    this.#locator = options.locator;
    this.#history = options.history;
    this.#pending = options.pending;
    this.#audit = options.audit;
  }

  /** A rollout's action history, newest first (read permission; audited). */
  list(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    limit?: number,
    options: ReadOptions = {},
  ): Promise<ActionHistoryEntry[]> {
    return this.#audit.run(
      'history',
      { target, params: limit === undefined ? undefined : { limit } },
      credentials,
      options,
      () => this.#getHistory(target, credentials, limit),
    );
  }

  async #getHistory(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    limit?: number,
  ): Promise<ActionHistoryEntry[]> {
    const entity = await this.#locator.getEntity(target.entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    await this.#locator.authorize(rolloutReadPermission, ref, credentials);
    this.#locator.checkNames(target);
    await this.#pending.resolveRollout(target);
    return this.#history.list({
      cluster: target.cluster,
      namespace: target.namespace,
      name: target.name,
      limit,
    });
  }
}
