import type { StrategyChangeResponse } from '@gradual/plugin-rollouts-common';

/** The strategy kinds the dialog offers. */
export type StrategyKind = 'canary' | 'blueGreen' | 'recreate';

/** Apply button state: the reason it is disabled, or undefined. */
export function applyDisabledReason(options: {
  kind: StrategyKind;
  permission: { loading: boolean; allowed: boolean };
  plan?: StrategyChangeResponse;
  planning: boolean;
  planError?: Error;
  applying: boolean;
  /** The change became a pull request (Argo CD manages the rollout). */
  pullRequestOpened?: boolean;
}): string | undefined {
  const { kind, permission, plan, planning, planError, applying } = options;
  if (kind === 'recreate')
    return 'Recreate is not progressive delivery and cannot be applied here.';
  if (permission.loading) return 'Checking your permissions…';
  if (!permission.allowed) {
    return 'You do not have permission to change the strategy of this rollout (rollouts.rollout.strategy.update).';
  }
  if (applying) return 'Applying…';
  if (planning || (!plan && !planError)) return 'Checking the new strategy…';
  if (planError) return `The new strategy is not valid: ${planError.message}`;
  if (options.pullRequestOpened) {
    return 'The pull request is open: Argo CD applies the change once it is merged.';
  }
  if (plan!.findings.some(f => f.severity === 'error')) {
    return 'The new strategy breaks the rules listed above.';
  }
  if (plan!.unchanged ?? !/^[+-](?![+-]{2})/m.test(plan!.yamlDiff)) {
    return 'Nothing changed: this is the live strategy.';
  }
  return undefined;
}
