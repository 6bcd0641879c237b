import {
  RootConfigService,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  readRolloutsPlatformConfig,
  rolloutsPermissions,
} from '@gradual/plugin-rollouts-common';
import { createAnalysisRouter, createAnalysisServices } from './analysis';
import { createDeliveries } from './deliveries/createDeliveries';
import { RolloutsCache } from './cache/RolloutsCache';
import { readClusterConnections } from './config/readClusterConnections';
import { ActionHistoryStore } from './history/ActionHistoryStore';
import { DEFAULT_PENDING_GRACE_MS } from './history/PendingActionResolver';
import { GitOpsService } from './gitops/GitOpsService';
import { LiveUpdates } from './live/LiveUpdates';
import { NotificationClaims } from './live/NotificationClaims';
import { migrateDatabase } from './database/migrateDatabase';
import { registerRolloutActions } from './mcp/registerRolloutActions';
import { ServicePrincipalPermissions } from './permissions/ServicePrincipalPermissions';
import { readServicePrincipalGrants } from './permissions/servicePrincipalGrants';
import { createRouter } from './service/router';
import { RolloutsService } from './service/RolloutsService';
import { StrategyService } from './strategy/StrategyService';

/**
 * The Gradual rollouts backend plugin: watches Argo Rollouts in every
 * configured cluster, serves them per entity, and drives them.
 *
 * @public
 */
export const rolloutsPlugin = createBackendPlugin({
  pluginId: 'rollouts',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger } = deps;
        const connections = readClusterConnections(config, m => logger.warn(m));
        const cache = RolloutsCache.fromConnections(connections, {
          logger,
          watch: {
            silenceMs:
              (config.getOptionalNumber('rollouts.watchSilenceSeconds') ?? 90) *
              1000,
          },
        });
        const knex = await deps.database.getClient();
        // one migration run for all the plugin's tables; the stores skip theirs
        if (!deps.database.migrations?.skip) await migrateDatabase(knex);
        const history = await ActionHistoryStore.create({
          knex,
          skipMigrations: true,
        });
        // platform view: Deliveries page, transition recorder, delivery metrics
        const deliveries = await createDeliveries({
          ...deps,
          cache,
          knex,
          skipMigrations: true,
          history,
        });
        // rollouts.defaults / rollouts.policies: the scaffolder module's reader too
        const platform = readRolloutsPlatformConfig(config);
        // service principals (CI tokens): only what rollouts.servicePrincipals grants
        const permissions = new ServicePrincipalPermissions({
          inner: deps.permissions,
          grants: readServicePrincipalGrants(config),
          loadEntity: async ref =>
            deps.catalog.getEntityByRef(ref, {
              credentials: await deps.auth.getOwnServiceCredentials(),
            }),
        });
        // Argo CD-managed rollouts: changes become pull requests (integrations.gitea)
        const gitops = GitOpsService.fromConfig(config, logger);
        const service = new RolloutsService({
          cache,
          catalog: deps.catalog,
          permissions,
          auditor: deps.auditor,
          history,
          logger,
          policies: platform.policies,
          pendingGraceMs: pendingGraceMs(config),
          gitops,
        });
        const strategy = new StrategyService({
          locator: service.locator,
          platform,
          auditor: deps.auditor,
          history,
          logger,
          gitops,
        });
        const live = new LiveUpdates({
          cache,
          logger,
          signals: deps.signals,
          notifications: deps.notifications,
          // several replicas observe each abort: the first claim sends
          claims: await NotificationClaims.create({
            knex,
            skipMigrations: true,
          }),
          catalog: deps.catalog,
          auth: deps.auth,
        });
        const analysis = createAnalysisServices({ config, clusters: cache });
        service.onView((selector, credentials) =>
          live.registerView(selector, credentials),
        );

        deps.permissionsRegistry.addPermissions(rolloutsPermissions);
        registerRolloutActions(deps.actionsRegistry, service);
        deps.httpRouter.use(
          await createRouter({
            service,
            cache,
            httpAuth: deps.httpAuth,
            strategy,
            gitops,
            subRouters: [
              deliveries.router,
              createAnalysisRouter({
                httpAuth: deps.httpAuth,
                permissions,
                dryRun: analysis.dryRun,
                judge: analysis.judge,
              }),
            ],
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });

        logger.info(
          `watching Argo Rollouts in ${
            connections.length
          } cluster(s): ${connections.map(c => c.name).join(', ')}`,
        );
        cache.start();
        deliveries.start();
        live.start();
        // Actions left pending by replicas that stopped mid-action (reads of a
        // rollout's history resolve its own ones too).
        const pendingSweep = setTimeout(
          () =>
            service
              .resolvePendingActions()
              .catch(e => logger.warn(`cannot resolve pending actions: ${e}`)),
          pendingGraceMs(config),
        );
        pendingSweep.unref();
        deps.lifecycle.addShutdownHook(async () => {
          clearTimeout(pendingSweep);
          live.stop();
          await deliveries.stop();
          await cache.stop();
        });
      },
    });
  },
});

/** `rollouts.history.pendingGraceSeconds`, in milliseconds. */
function pendingGraceMs(config: RootConfigService): number {
  const seconds = config.getOptionalNumber(
    'rollouts.history.pendingGraceSeconds',
  );
  return seconds === undefined ? DEFAULT_PENDING_GRACE_MS : seconds * 1000;
}
