import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { RolloutsClient, rolloutsApiRef } from './api';
import { isRolloutsAvailable } from './filters';

/** The client of the rollouts backend. */
export const rolloutsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: rolloutsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RolloutsClient({ discoveryApi, fetchApi }),
    }),
});

/** The "Rollouts" entity tab, shown for entities with Kubernetes annotations. */
export const rolloutsEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/rollouts',
    title: 'Rollouts',
    group: 'deployment',
    filter: isRolloutsAvailable,
    loader: () =>
      import('./components/content').then(m => <m.RolloutsContent />),
  },
});

/** The rollouts summary card for the entity overview page. */
export const rolloutsEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isRolloutsAvailable,
    loader: () => import('./components/card').then(m => <m.RolloutsCard />),
  },
});

/**
 * Progressive delivery for Backstage on Argo Rollouts (new frontend system).
 *
 * @public
 */
export const rolloutsPlugin = createFrontendPlugin({
  pluginId: 'rollouts',
  info: { packageJson: () => import('../package.json') },
  extensions: [rolloutsApi, rolloutsEntityContent, rolloutsEntityCard],
});
