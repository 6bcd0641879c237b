/**
 * Gradual: the Rollouts tab for Backstage on Argo Rollouts.
 *
 * The default export is the new frontend system plugin; classic apps use
 * `@gradual/plugin-rollouts/legacy`.
 *
 * @packageDocumentation
 */
import { rolloutsPlugin } from './plugin';

export default rolloutsPlugin;
export {
  deliveriesPage,
  deliveriesRouteRef,
  deliveryMetricsEntityCard,
  rolloutsApi,
  rolloutsEntityCard,
  rolloutsEntityContent,
  rolloutsPlugin,
} from './plugin';
export { rolloutsApiRef, RolloutsClient } from './api';
export type { RolloutsApi, EntityName } from './api';
export { isRolloutsAvailable } from './filters';
export { TestAnalysisButton } from './components/analysis';
export type { TestAnalysisButtonProps } from './components/analysis';
