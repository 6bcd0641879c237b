/*
 * The real rollouts plugin in a test backend, the way its tests on the real
 * cluster start it: `rollouts.clusters` as given, the catalog holding the
 * given entities, permissions decided by the test (default: allowed), and
 * every log line, audit event, signal and notification recorded.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import { rolloutsPlugin } from '../plugin';
import { CapturingRootLogger, RecordingAuditor } from './recorders';
import { sqliteDatabaseServiceFactory } from '@gradual/test-utils/backend';

/** One permission request as the plugin asks it. */
export interface PermissionRequest {
  permission: { name: string };
  resourceRef?: string;
}

/** Decides a batch of permission requests (one result each, in order). */
export type Authorize = (
  requests: PermissionRequest[],
  credentials: any,
) => Array<AuthorizeResult.ALLOW | AuthorizeResult.DENY | 'ALLOW' | 'DENY'>;

type Feature = NonNullable<
  Parameters<typeof startTestBackend>[0]['features']
>[number];

export interface RolloutsBackendOptions {
  /** `rollouts.clusters`. */
  clusters: JsonObject[];
  /** The catalog's entities. */
  entities: any[];
  /** More `rollouts.*` config (e.g. `policies`, `analysis`); `watchSilenceSeconds` is 60 unless given. */
  rollouts?: JsonObject;
  /** More root config beside `rollouts` (e.g. `integrations`, `backend`). */
  config?: JsonObject;
  /** Permission decisions (default: every request allowed). */
  authorize?: Authorize;
  /** The actions registry the plugin registers its actions in (default: a fresh mock). */
  actions?: ReturnType<typeof actionsRegistryServiceMock>;
  /** More features, e.g. the real auth services instead of the mocks. */
  features?: Feature[];
}

export interface RolloutsTestBackend {
  server: any;
  logger: CapturingRootLogger;
  auditor: RecordingAuditor;
  actions: ReturnType<typeof actionsRegistryServiceMock>;
  /** Every signal the plugin published. */
  published: any[];
  /** Every notification the plugin sent. */
  notified: any[];
  stop(): Promise<void>;
}

export async function startRolloutsBackend(
  options: RolloutsBackendOptions,
): Promise<RolloutsTestBackend> {
  const logger = new CapturingRootLogger();
  const auditor = new RecordingAuditor();
  const actions = options.actions ?? actionsRegistryServiceMock();
  const published: any[] = [];
  const notified: any[] = [];
  const authorize: Authorize =
    options.authorize ??
    (requests => requests.map(() => AuthorizeResult.ALLOW));
  const decide = (async (requests: any[], o: any) =>
    authorize(requests, o?.credentials).map(result => ({ result }))) as any;
  const backend = await startTestBackend({
    features: [
      sqliteDatabaseServiceFactory,
      rolloutsPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          rollouts: {
            watchSilenceSeconds: 60,
            clusters: options.clusters,
            ...options.rollouts,
          },
        },
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger,
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => auditor,
      }),
      mockServices.permissions.mock({
        authorize: decide,
        authorizeConditional: decide,
      }).factory,
      catalogServiceMock.factory({ entities: options.entities }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actions,
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: any) => void published.push(signal),
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () =>
          ({ send: async (n: any) => void notified.push(n) } as any),
      }),
      ...(options.features ?? []),
    ],
  });
  return {
    server: backend.server,
    logger,
    auditor,
    actions,
    published,
    notified,
    stop: () => backend.stop(),
  };
}
