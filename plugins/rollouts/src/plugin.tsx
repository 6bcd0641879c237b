import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import DeliveriesIcon from '@material-ui/icons/TrackChanges';
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

/** Route of the platform Deliveries page. */
export const deliveriesRouteRef = createRouteRef();

/** The Deliveries page (`/deliveries`, with a nav item): every delivery across clusters. */
export const deliveriesPage = PageBlueprint.make({
  params: {
    path: '/deliveries',
    title: 'Deliveries',
    icon: <DeliveriesIcon />,
    routeRef: deliveriesRouteRef,
    loader: () =>
      import('./components/deliveries').then(m => <m.DeliveriesPage />),
  },
});

/** Delivery metrics of the entity, for its Overview page. */
export const deliveryMetricsEntityCard = EntityCardBlueprint.make({
  name: 'delivery-metrics',
  params: {
    filter: isRolloutsAvailable,
    loader: () =>
      import('./components/deliveries').then(m => (
        <m.EntityDeliveryMetricsCard />
      )),
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
  routes: { deliveries: deliveriesRouteRef },
  extensions: [
    rolloutsApi,
    rolloutsEntityContent,
    rolloutsEntityCard,
    deliveriesPage,
    deliveryMetricsEntityCard,
  ],
});
