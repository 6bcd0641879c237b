import { ConflictError } from '@backstage/errors';
import { StrategyChangeResponse } from '@gradual/plugin-rollouts-common';

/**
 * 409 for a rollout that Argo CD manages: the plan travels with the error so
 * that the client can show the file and patch to commit.
 */
export class ArgoCdManagedError extends ConflictError {
  constructor(message: string, readonly plan: StrategyChangeResponse) {
    super(message);
  }
}
