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
  if (plan!.managedByArgoCD) {
    return 'Argo CD manages this rollout: commit the file below instead, self-heal would revert a direct change.';
  }
  if (plan!.findings.some(f => f.severity === 'error')) {
    return 'The new strategy breaks the rules listed above.';
  }
  if (plan!.unchanged ?? !/^[+-](?![+-]{2})/m.test(plan!.yamlDiff)) {
    return 'Nothing changed: this is the live strategy.';
  }
  return undefined;
}
