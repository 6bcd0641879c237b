/**
 * Backend plugin of Gradual: watches, models and drives Argo Rollouts across clusters.
 *
 * @packageDocumentation
 */
export { rolloutsPlugin as default, rolloutsPlugin } from './plugin';
export { ACTION_TABLE } from './actions/actionTable';
export type { ActionDefinition, PatchCall } from './actions/actionTable';
