/*
 * Lint of a live Rollout as the Rollouts tab shows it: the upstream Argo
 * rules and the platform policies, in the rollout's namespace and the
 * environment of its `gradual.dev/environment` label.
 */
import { ENVIRONMENT_LABEL } from '../strategy/generate';
import { lintRollout } from './lint';
import type { Finding, RolloutPolicies } from './types';

type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Findings of a live Rollout; never throws on malformed objects. */
export function lintLiveRollout(
  rollout: unknown,
  policies: RolloutPolicies = {},
): Finding[] {
  const metadata = (rollout as Unstructured)?.metadata;
  const environment = metadata?.labels?.[ENVIRONMENT_LABEL];
  return lintRollout(rollout, policies, {
    namespace:
      typeof metadata?.namespace === 'string' ? metadata.namespace : undefined,
    environment: typeof environment === 'string' ? environment : undefined,
  });
}

/** Errors and warnings, for the overview table. */
export function countFindings(findings: Finding[]): {
  error: number;
  warning: number;
} {
  return {
    error: findings.filter(f => f.severity === 'error').length,
    warning: findings.filter(f => f.severity === 'warning').length,
  };
}
