/*
 * Threshold and value parsing for the measurement charts: the shared
 * implementation of rollouts-common (also behind the aborted-by-analysis
 * sentence).
 */
export {
  parseThreshold,
  parseMeasurementValue,
  formatNumber,
} from '@gradual/plugin-rollouts-common';
export type { ConditionThreshold as Threshold } from '@gradual/plugin-rollouts-common';
