import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { Knex } from 'knex';
import { RolloutsCache } from '../cache/RolloutsCache';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { DeliveriesService } from './DeliveriesService';
import { DeliveriesSignals } from './DeliveriesSignals';
import { DeliverySnapshots } from './DeliverySnapshots';
import { EntityDirectory } from './EntityDirectory';
import { DeliveryMetricsService } from './metrics/DeliveryMetricsService';
import { TransitionRecorder } from './metrics/TransitionRecorder';
import { TransitionStore } from './metrics/TransitionStore';
import { registerDeliveryActions } from './registerDeliveryActions';
import { createDeliveriesRouter } from './router';

/**
 * The platform view: the Deliveries list, the transition recorder and the
 * delivery metrics (REST router and action), on the plugin's watch cache.
 */
export async function createDeliveries(options: {
  cache: RolloutsCache;
  knex: Knex;
  skipMigrations?: boolean;
  history: ActionHistoryStore;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  permissions: PermissionsService;
  logger: LoggerService;
  actionsRegistry?: ActionsRegistryService;
  signals?: SignalsService;
}) {
  const { cache, logger } = options;
  const store = await TransitionStore.create({
    knex: options.knex,
    skipMigrations: options.skipMigrations,
  });
  const directory = new EntityDirectory(options);
  const snapshots = new DeliverySnapshots({ cache, logger });
  const recorder = new TransitionRecorder({
    cache,
    store,
    history: options.history,
    logger,
  });
  const live = new DeliveriesSignals({
    cache,
    signals: options.signals,
    logger,
  });
  const deliveries = new DeliveriesService({ cache, snapshots, directory });
  deliveries.onList(credentials => live.registerView(credentials));
  const metrics = new DeliveryMetricsService({ store, directory });
  if (options.actionsRegistry)
    registerDeliveryActions(options.actionsRegistry, metrics);
  return {
    store,
    live,
    deliveries,
    metrics,
    router: createDeliveriesRouter({
      httpAuth: options.httpAuth,
      auditor: options.auditor,
      deliveries,
      metrics,
    }),
    start() {
      snapshots.start();
      recorder.start();
      live.start();
    },
    async stop() {
      snapshots.stop();
      live.stop();
      await recorder.stop();
    },
  };
}
