import type {
  RolloutPolicies,
  StrategyDefaults,
} from '@gradual/plugin-rollouts-common';
import type { CrdSchemaValidator } from '../validation/crdValidation';

/** What the rollouts actions need from the platform (see readStrategyDefaults). */
export interface RolloutsActionOptions {
  defaults: StrategyDefaults;
  policies: RolloutPolicies;
  /** Validates against the Argo CRD schemas; skipped when absent. */
  crdValidator?: CrdSchemaValidator;
}
