import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  RolloutWaitResult,
  RolloutWatchEnd,
  rolloutReadPermission,
} from '@gradual/plugin-rollouts-common';
import { ReadOptions, RolloutReadAudit } from './RolloutReadAudit';
import { RolloutLocator, RolloutRequestTarget } from './RolloutLocator';
import { RolloutWaiter, WaitOptions, WatchOptions } from './RolloutWaiter';

/**
 * The wait and watch reads of {@link RolloutsService}: the
 * {@link RolloutWaiter} (read permission), audited with the outcome.
 */
export class AuditedRolloutWaits {
  readonly #audit: RolloutReadAudit;
  readonly #waiter: RolloutWaiter;

  constructor(options: { locator: RolloutLocator; audit: RolloutReadAudit }) {
    const { locator } = options;
    this.#audit = options.audit;
    this.#waiter = new RolloutWaiter({
      locate: (target, credentials) =>
        locator.locate(target, credentials, rolloutReadPermission),
    });
  }

  /**
   * The wait API (`…/status`, MCP `wait-rollout`): see {@link RolloutWaiter}
   * (read permission; audited with the outcome).
   */
  wait(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    wait: WaitOptions,
    options: ReadOptions = {},
  ): Promise<RolloutWaitResult> {
    return this.#audit.run(
      'status',
      {
        target,
        params: { until: wait.until, timeoutSeconds: wait.timeoutSeconds },
        successMeta: result => ({
          outcome: result.outcome,
          phase: result.state.phase,
          waitedSeconds: result.waitedSeconds,
        }),
      },
      credentials,
      options,
      () => this.#waiter.wait(target, credentials, wait),
    );
  }

  /**
   * The watch stream (`…/watch`, `gradual get --watch`): see
   * {@link RolloutWaiter.watch} (read permission; audited with how it ended).
   */
  watch(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    watch: WatchOptions,
    options: ReadOptions = {},
  ): Promise<RolloutWatchEnd> {
    return this.#audit.run(
      'watch',
      {
        target,
        params: { timeoutSeconds: watch.timeoutSeconds },
        successMeta: end => ({ ...end }),
      },
      credentials,
      options,
      () => this.#waiter.watch(target, credentials, watch),
    );
  }
}
