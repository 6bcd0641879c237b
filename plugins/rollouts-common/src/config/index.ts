/*
 * The platform configuration of rollouts (`rollouts.defaults`,
 * `rollouts.policies`), read the same way by the backend plugin (change
 * strategy, lint of live rollouts) and the scaffolder module. Documented in
 * this package's config.d.ts.
 */
import type { Config } from '@backstage/config';
import type { RolloutPolicies } from '../policy';
import type { StrategyDefaults } from '../strategy';
import { readRolloutPolicies } from './readRolloutPolicies';
import { readStrategyDefaults } from './readStrategyDefaults';

export {
  readStrategyDefaults,
  readAnalysisPrometheusAddresses,
} from './readStrategyDefaults';
export { readRolloutPolicies } from './readRolloutPolicies';

export interface RolloutsPlatformConfig {
  defaults: StrategyDefaults;
  policies: RolloutPolicies;
}

/** Reads `rollouts.defaults` and `rollouts.policies`; throws on invalid values. */
export function readRolloutsPlatformConfig(
  rootConfig: Config,
): RolloutsPlatformConfig {
  return {
    defaults: readStrategyDefaults(rootConfig),
    policies: readRolloutPolicies(rootConfig),
  };
}
