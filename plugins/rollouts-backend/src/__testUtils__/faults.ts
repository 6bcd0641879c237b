/*
 * Shared pieces of the fault and abuse tests: a log-capturing root logger, a
 * recording auditor, loopback TCP fault injectors (a refused port, a black
 * hole that accepts and never answers, a proxy in front of the real API
 * server that can be cut and restored), the plugin in a test backend, and
 * access to the real local cluster. Nothing here emulates an API server:
 * every answer comes from the real kube-apiserver of @gradual/local-cluster.
 */
import net from 'node:net';
import {
  AuditorService,
  AuditorServiceEvent,
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import { rolloutsPlugin } from '../plugin';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { KubeClient } from '../kube/KubeClient';
import { TestCluster } from './testCluster';

export {
  connectTestCluster,
  integrationEnabled,
  waitUntil,
} from './testCluster';
export type { TestCluster } from './testCluster';
export { freePort } from './freePort';

// ---------------------------------------------------------------- logging

export interface CapturedLine {
  level: string;
  message: string;
  meta: string;
}

function serialize(value: unknown): string {
  const seen = new WeakSet();
  return JSON.stringify(value ?? null, (_k, v) => {
    if (v instanceof Error) {
      return {
        name: v.name,
        message: v.message,
        stack: v.stack,
        ...(v as any),
      };
    }
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    if (typeof v === 'bigint') return String(v);
    return v;
  });
}

/** A root logger that keeps every line of every plugin (all levels), with its metadata serialized. */
export class CapturingRootLogger implements RootLoggerService {
  constructor(
    readonly lines: CapturedLine[] = [],
    readonly fields: Record<string, unknown> = {},
  ) {}
  #log(level: string, message: string, meta?: unknown) {
    this.lines.push({
      level,
      message: String(message),
      meta: serialize({ ...this.fields, meta }),
    });
  }
  error(message: string, meta?: Error | JsonObject) {
    this.#log('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.#log('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.#log('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.#log('debug', message, meta);
  }
  child(meta: JsonObject): CapturingRootLogger {
    return new CapturingRootLogger(this.lines, { ...this.fields, ...meta });
  }
  text(): string {
    return this.lines.map(l => `${l.level} ${l.message} ${l.meta}`).join('\n');
  }
}

// ---------------------------------------------------------------- auditing

export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  meta: string;
  outcome?: 'success' | 'fail';
  outcomeMeta?: string;
}

/** An auditor that records each event and its outcome (serialized, to scan it for secrets). */
export class RecordingAuditor implements AuditorService {
  readonly events: RecordedAuditEvent[] = [];
  async createEvent(
    options: Parameters<AuditorService['createEvent']>[0],
  ): Promise<AuditorServiceEvent> {
    const event: RecordedAuditEvent = {
      eventId: options.eventId,
      severityLevel: options.severityLevel,
      meta: serialize(options.meta),
    };
    this.events.push(event);
    return {
      success: async (o?: { meta?: JsonObject }) => {
        event.outcome = 'success';
        event.outcomeMeta = serialize(o?.meta);
      },
      fail: async (o: { meta?: JsonObject; error: Error }) => {
        event.outcome = 'fail';
        event.outcomeMeta = serialize({ meta: o.meta, error: o.error });
      },
    };
  }
  text(): string {
    return this.events
      .map(e => `${e.eventId} ${e.meta} ${e.outcome} ${e.outcomeMeta}`)
      .join('\n');
  }
}

// ---------------------------------------------------------------- secrets

/**
 * The pieces of a secret that must never show up: the whole value and,
 * for a JWT, its payload and signature segments (a truncated or re-wrapped
 * token still leaks them).
 */
export function secretFragments(secret: string): string[] {
  const parts = secret.split('.').filter(p => p.length >= 16);
  return [secret, ...(parts.length > 1 ? parts.slice(1) : [])];
}

/** The secrets (by label) found in a text. */
export function leakedSecrets(
  text: string,
  secrets: Record<string, string>,
): string[] {
  return Object.entries(secrets)
    .filter(([, s]) => s && secretFragments(s).some(f => text.includes(f)))
    .map(([label]) => label);
}

// ---------------------------------------------------------------- loopback fault injectors

/** A loopback port nobody listens on (connection refused). */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

export interface CountingListener {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP listener that accepts and never answers: a hanging API
 * server, and a witness that counts who connected to it.
 */
export async function blackHole(): Promise<CountingListener> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer(s => {
    state.connections++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>(resolve => {
        sockets.forEach(s => s.destroy());
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback TCP proxy in front of the real API server (TLS passes through
 * untouched). `cut()` resets every open connection and refuses new ones,
 * which is what the plugin sees when an API server restarts; `restore()`
 * lets connections through again. The shared kube-apiserver is never touched.
 */
export class TcpProxy {
  readonly #server: net.Server;
  readonly #pairs = new Set<[net.Socket, net.Socket]>();
  #cut = false;
  /** Client connections accepted while not cut. */
  accepted = 0;

  private constructor(server: net.Server) {
    this.#server = server;
  }

  static async start(target: { host: string; port: number }) {
    const holder: { proxy?: TcpProxy } = {};
    const server = net.createServer(client =>
      holder.proxy!.#accept(client, target),
    );
    const proxy = new TcpProxy(server);
    holder.proxy = proxy;
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Open proxied connections. */
  get open(): number {
    return this.#pairs.size;
  }

  cut(): void {
    this.#cut = true;
    for (const [a, b] of this.#pairs) {
      a.resetAndDestroy();
      b.destroy();
    }
    this.#pairs.clear();
  }

  restore(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket, target: { host: string; port: number }) {
    client.on('error', () => {});
    if (this.#cut) {
      client.resetAndDestroy();
      return;
    }
    this.accepted++;
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => client.destroy());
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.#pairs.add(pair);
    const drop = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

// ---------------------------------------------------------------- the plugin under test

export interface FaultBackend {
  server: any;
  logger: CapturingRootLogger;
  auditor: RecordingAuditor;
  published: any[];
  stop(): Promise<void>;
}

/**
 * The real rollouts plugin in a test backend: `rollouts.clusters` as given,
 * the catalog holding `entities`, every log line and audit event recorded.
 */
export async function startFaultBackend(options: {
  clusters: JsonObject[];
  entities: any[];
  authorize?: (
    requests: Array<{ permission: { name: string }; resourceRef?: string }>,
    credentials: any,
  ) => Array<'ALLOW' | 'DENY'>;
  /** More `rollouts.*` config (e.g. `analysis`). */
  rollouts?: JsonObject;
}): Promise<FaultBackend> {
  const logger = new CapturingRootLogger();
  const auditor = new RecordingAuditor();
  const published: any[] = [];
  const features: any[] = [
    rolloutsPlugin,
    mockServices.rootConfig.factory({
      data: {
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
    catalogServiceMock.factory({ entities: options.entities }),
    createServiceFactory({
      service: actionsRegistryServiceRef,
      deps: {},
      factory: () => actionsRegistryServiceMock(),
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
      factory: () => ({ send: async () => {} } as any),
    }),
  ];
  if (options.authorize) {
    const authorize = options.authorize;
    features.push(
      mockServices.permissions.mock({
        authorize: (async (reqs: any[], o: any) =>
          authorize(reqs, o.credentials).map(result => ({
            result,
          }))) as any,
        authorizeConditional: (async (reqs: any[], o: any) =>
          authorize(reqs, o.credentials).map(result => ({
            result,
          }))) as any,
      }).factory,
    );
  }
  const backend = await startTestBackend({ features });
  return {
    server: backend.server,
    logger,
    auditor,
    published,
    stop: () => backend.stop(),
  };
}

// ---------------------------------------------------------------- objects in the real cluster

export const ROLLOUTS_API = '/apis/argoproj.io/v1alpha1';

export function entityFor(
  name: string,
  options: { owner?: string; namespace?: string } = {},
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        ...(options.namespace
          ? { 'backstage.io/kubernetes-namespace': options.namespace }
          : {}),
      },
    },
    spec: {
      type: 'service',
      owner: options.owner ?? 'group:default/team-a',
      lifecycle: 'production',
    },
  };
}

export function rolloutManifest(
  namespace: string,
  name: string,
  kubernetesId: string,
  options: { steps?: unknown[]; image?: string; replicas?: number } = {},
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace,
      labels: { 'backstage.io/kubernetes-id': kubernetesId, app: name },
    },
    spec: {
      replicas: options.replicas ?? 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: options.image ?? 'registry.local/faults/app:1.0.0',
            },
          ],
        },
      },
      strategy: {
        canary: { steps: options.steps ?? [{ setWeight: 50 }, { pause: {} }] },
      },
    },
  };
}

/** A namespace of the fault tests (labelled, so leftovers can be found). */
export async function createNamespace(
  admin: KubeClient,
  name: string,
): Promise<void> {
  await admin.request('POST', '/api/v1/namespaces', {
    body: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'gradual.dev/faults': 'true' } },
    },
  });
}

export async function deleteNamespace(
  admin: KubeClient,
  name: string,
): Promise<void> {
  await admin.request('DELETE', `/api/v1/namespaces/${name}`).catch(() => {});
}

export async function createRollout(
  admin: KubeClient,
  manifest: ReturnType<typeof rolloutManifest>,
): Promise<KubeObject> {
  return admin.request(
    'POST',
    `${ROLLOUTS_API}/namespaces/${manifest.metadata.namespace}/rollouts`,
    { body: manifest },
  );
}

export function getRollout(
  admin: KubeClient,
  namespace: string,
  name: string,
): Promise<KubeObject> {
  return admin.request(
    'GET',
    `${ROLLOUTS_API}/namespaces/${namespace}/rollouts/${name}`,
  );
}

/** `name → resourceVersion` of every object of a namespace's rollouts, ReplicaSets and pods. */
export async function namespaceVersions(
  admin: KubeClient,
  namespace: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [kind, path] of [
    ['rollout', `${ROLLOUTS_API}/namespaces/${namespace}/rollouts`],
    ['replicaset', `/apis/apps/v1/namespaces/${namespace}/replicasets`],
    ['pod', `/api/v1/namespaces/${namespace}/pods`],
  ]) {
    const list = await admin.request<{ items: KubeObject[] }>('GET', path);
    for (const o of list.items) {
      out[`${kind}/${o.metadata.name}`] = o.metadata.resourceVersion!;
    }
  }
  return out;
}

/** A unique, short, DNS-safe namespace name for one test file. */
export function testNamespace(prefix: string): string {
  return `gradual-faults-${prefix}-${Date.now().toString(36)}`;
}

/** The `host:port` of the test cluster's API server (for the proxy). */
export function apiServerAddress(cluster: TestCluster): {
  host: string;
  port: number;
  url: URL;
} {
  const url = new URL(String(cluster.pluginClusterConfig.url));
  return {
    host: url.hostname,
    port: Number(url.port || 443),
    url,
  };
}

/** The test cluster's `rollouts.clusters[]` entry, renamed, at another URL, with another timeout. */
export function clusterEntry(
  cluster: TestCluster,
  name: string,
  extra: JsonObject = {},
): JsonObject {
  return { ...cluster.pluginClusterConfig, name, ...extra };
}
