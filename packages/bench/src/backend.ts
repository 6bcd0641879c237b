/**
 * A real Backstage backend, in this process: the upstream Kubernetes backend
 * and the Gradual rollouts backend side by side, with the catalog mock holding
 * the bench entities, a signals service that records each publish with a
 * high-resolution timestamp, and the real root HTTP router on loopback.
 */
import net from 'node:net';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { discoveryServiceFactory } from '@backstage/backend-defaults/discovery';
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceMock,
  actionsServiceMock,
  metricsServiceMock,
  tracingServiceMock,
} from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  SignalPayload,
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { Entity } from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import rolloutsPlugin from '@gradual/plugin-rollouts-backend';

export interface PublishedSignal {
  at: bigint;
  channel: string;
  message: any;
}

/**
 * The signals service of the backend: records every publish (waiters
 * resolve on the first matching one), then hands it to the events service
 * exactly like the default implementation, so the real signals backend
 * delivers it to subscribed WebSocket clients.
 */
export class RecordingSignals implements SignalsService {
  readonly published: PublishedSignal[] = [];
  events?: EventsService;
  #waiters = new Set<{
    match: (s: PublishedSignal) => boolean;
    resolve: (s: PublishedSignal) => void;
  }>();

  async publish(signal: SignalPayload<any>): Promise<void> {
    const s = {
      at: process.hrtime.bigint(),
      channel: signal.channel,
      message: signal.message,
    };
    this.published.push(s);
    if (this.published.length > 10_000) this.published.splice(0, 5_000);
    for (const w of this.#waiters) {
      if (w.match(s)) {
        this.#waiters.delete(w);
        w.resolve(s);
      }
    }
    await this.events?.publish({ topic: 'signals', eventPayload: signal });
  }

  /** The first publish from now on that matches, or undefined after `timeoutMs`. */
  next(
    match: (s: PublishedSignal) => boolean,
    timeoutMs: number,
  ): Promise<PublishedSignal | undefined> {
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const waiter = {
        match,
        resolve: (s: PublishedSignal | undefined) => {
          clearTimeout(timer);
          resolve(s);
        },
      };
      timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        resolve(undefined);
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}

/** The user of every bench request and of the signals WebSocket. */
export const GUEST = 'user:default/guest';

export interface BenchCluster {
  name: string;
  url: string;
  token: string;
  caData: string;
}

export interface BenchBackend {
  baseUrl: string;
  signals: RecordingSignals;
  clusters: string[];
  /** The bearer token of its cluster entries (its own, so its requests can be counted). */
  token: string;
  stop(): Promise<void>;
}

async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

export async function startBenchBackend(options: {
  clusters: BenchCluster[];
  entities: Entity[];
  requestTimeoutMs?: number;
}): Promise<BenchBackend> {
  const port = await freeLoopbackPort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const signals = new RecordingSignals();
  // One event bus for the whole backend, like the default events service
  // (its bus is root-wide). The mock's factory is plugin-scoped: each plugin
  // would get a bus of its own, and the signals plugin would never see what
  // the rollouts plugin publishes.
  const events = mockServices.events();
  // One cluster list, read by both plugins: the rollouts backend borrows the
  // Kubernetes plugin's `config` clusters when `rollouts.clusters` is absent.
  const clusters = options.clusters.map(c => ({
    name: c.name,
    url: c.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: c.token,
    caData: c.caData,
    // The machine is shared: under load a LIST page of 500 rollouts can take
    // longer than the plugin's 5 s default, and the initial lists of
    // 10 × 1000 would never finish.
    requestTimeout: options.requestTimeoutMs ?? 30_000,
  }));
  // startTestBackend's service set, with the real root HTTP router bound to
  // 127.0.0.1 (startTestBackend listens on every interface).
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      mockServices.auth.factory(),
      mockServices.auditor.factory(),
      mockServices.cache.factory(),
      mockServices.database.factory(),
      // Unauthenticated requests (the bench's) are the guest user, like an
      // unauthenticated signals WebSocket: the same user views and subscribes.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.user(GUEST),
      }),
      mockServices.httpRouter.factory(),
      mockServices.lifecycle.factory(),
      mockServices.logger.factory(),
      mockServices.permissions.factory(),
      mockServices.permissionsRegistry.factory(),
      mockServices.rootHealth.factory(),
      mockServices.rootLifecycle.factory(),
      mockServices.rootLogger.factory({ level: 'error' }),
      mockServices.scheduler.factory(),
      mockServices.userInfo.factory(),
      mockServices.urlReader.factory(),
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => events,
      }),
      actionsRegistryServiceMock.factory(),
      actionsServiceMock.factory(),
      metricsServiceMock.factory(),
      tracingServiceMock.factory(),
      rootHttpRouterServiceFactory(),
      discoveryServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl, listen: { host: '127.0.0.1', port } },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [{ type: 'config', clusters }],
            // How Argo Rollouts show up in the Kubernetes tab.
            customResources: [
              {
                group: 'argoproj.io',
                apiVersion: 'v1alpha1',
                plural: 'rollouts',
              },
            ],
          },
          rollouts: { watchSilenceSeconds: 90 },
        },
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => {
          signals.events = events;
          return signals;
        },
      }),
    ],
  });
  backend.add(kubernetesPlugin);
  backend.add(rolloutsPlugin);
  backend.add(signalsPlugin);
  await backend.start();
  return {
    baseUrl,
    signals,
    clusters: options.clusters.map(c => c.name),
    token: options.clusters[0]?.token ?? '',
    stop: () => backend.stop(),
  };
}
