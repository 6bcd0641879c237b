/*
 * `rollouts.policies` → RolloutPolicies. Absent keys switch rules off.
 */
import type { Config } from '@backstage/config';
import type { FindingSeverity, RolloutPolicies } from '../policy';

export function readRolloutPolicies(rootConfig: Config): RolloutPolicies {
  const config = rootConfig.getOptionalConfig('rollouts.policies');
  if (!config) return {};
  const severities = config.getOptionalConfig('severities');
  const policies: RolloutPolicies = {
    requireAnalysisInNamespaces: config.getOptionalStringArray(
      'requireAnalysisInNamespaces',
    ),
    requireAnalysisInEnvironments: config.getOptionalStringArray(
      'requireAnalysisInEnvironments',
    ),
    maxFirstCanaryWeight: config.getOptionalNumber('maxFirstCanaryWeight'),
    forbidAutoPromotionWithoutPrePromotionAnalysis: config.getOptionalBoolean(
      'forbidAutoPromotionWithoutPrePromotionAnalysis',
    ),
    minScaleDownDelaySeconds: config.getOptionalNumber(
      'minScaleDownDelaySeconds',
    ),
    severities: severities
      ? Object.fromEntries(
          severities.keys().map(rule => {
            const value = severities.getString(rule);
            if (value !== 'error' && value !== 'warning') {
              throw new Error(
                `rollouts.policies.severities.${rule} must be 'error' or 'warning', got '${value}'`,
              );
            }
            return [rule, value as FindingSeverity];
          }),
        )
      : undefined,
  };
  return Object.fromEntries(
    Object.entries(policies).filter(([, v]) => v !== undefined),
  ) as RolloutPolicies;
}
