/**
 * Classic (legacy) frontend system surface of the Rollouts plugin.
 *
 * @packageDocumentation
 */
export {
  rolloutsPlugin,
  EntityRolloutsContent,
  EntityRolloutsCard,
} from './legacyPlugin';
export { isRolloutsAvailable } from './filters';
export { rolloutsApiRef, RolloutsClient } from './api';
export type { RolloutsApi, EntityName } from './api';
