/**
 * Classic (legacy) frontend system surface of the Rollouts plugin.
 *
 * @packageDocumentation
 */
export {
  rolloutsPlugin,
  EntityRolloutsContent,
  EntityRolloutsCard,
  DeliveriesPage,
  EntityDeliveryMetricsCard,
} from './legacyPlugin';
export { isRolloutsAvailable } from './filters';
export { rolloutsApiRef, RolloutsClient } from './api';
export type { RolloutsApi, EntityName } from './api';
