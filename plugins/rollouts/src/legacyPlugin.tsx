import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { RolloutsClient, rolloutsApiRef } from './api';

/**
 * The rollouts plugin for classic (legacy) Backstage apps.
 *
 * @public
 */
export const deliveriesLegacyRouteRef = createRouteRef({
  id: 'rollouts:deliveries',
});

export const rolloutsPlugin = createPlugin({
  id: 'rollouts',
  routes: { deliveries: deliveriesLegacyRouteRef },
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

/**
 * The platform Deliveries page: mount it on a route of the app, e.g.
 * `<Route path="/deliveries" element={<DeliveriesPage />} />`.
 *
 * @public
 */
export const DeliveriesPage = rolloutsPlugin.provide(
  createRoutableExtension({
    name: 'DeliveriesPage',
    mountPoint: deliveriesLegacyRouteRef,
    component: () =>
      import('./components/deliveries').then(m => m.DeliveriesPage),
  }),
);

/**
 * Delivery metrics of the entity, for its Overview page.
 *
 * @public
 */
export const EntityDeliveryMetricsCard = rolloutsPlugin.provide(
  createComponentExtension({
    name: 'EntityDeliveryMetricsCard',
    component: {
      lazy: () =>
        import('./components/deliveries').then(
          m => m.EntityDeliveryMetricsCard,
        ),
    },
  }),
);
