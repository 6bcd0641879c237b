import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { RolloutsClient, rolloutsApiRef } from './api';

/**
 * The rollouts plugin for classic (legacy) Backstage apps.
 *
 * @public
 */
export const rolloutsPlugin = createPlugin({
  id: 'rollouts',
  apis: [
    createApiFactory({
      api: rolloutsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RolloutsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The Rollouts tab content: use inside
 * `<EntityLayout.Route path="/rollouts" title="Rollouts" if={isRolloutsAvailable}>`.
 *
 * @public
 */
export const EntityRolloutsContent = rolloutsPlugin.provide(
  createComponentExtension({
    name: 'EntityRolloutsContent',
    component: {
      lazy: () => import('./components/content').then(m => m.RolloutsContent),
    },
  }),
);

/**
 * The rollouts summary card for the entity overview page.
 *
 * @public
 */
export const EntityRolloutsCard = rolloutsPlugin.provide(
  createComponentExtension({
    name: 'EntityRolloutsCard',
    component: {
      lazy: () => import('./components/card').then(m => m.RolloutsCard),
    },
  }),
);
