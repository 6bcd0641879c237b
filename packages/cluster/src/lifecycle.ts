/*
 * up / down / status / reset of the local cluster. `up` is idempotent: each
 * component that is already running (our recorded pid, same start time) and
 * healthy is left alone; everything else is started and waited for.
 */
import fs from 'node:fs';
import { apiserverUrl, ensureCredentials, writeKubeconfig } from './auth';
import { Binaries, ensureBinaries } from './binaries';
import {
  BACKSTAGE_NAMESPACE,
  SYSTEM_NAMESPACES,
  TRAFFIC_CRDS,
  createNamespaces,
  createNodes,
  installCrds,
  setUpBackstageAccess,
  waitForNodesReady,
} from './bootstrap';
import { apiserver } from './components/apiserver';
import { controllerManager } from './components/controllerManager';
import { etcd } from './components/etcd';
import { exporter } from './components/exporter';
import { kwok } from './components/kwok';
import { prometheus, prometheusUrl } from './components/prometheus';
import { rolloutsController } from './components/rolloutsController';
import { scheduler } from './components/scheduler';
import { Component, ComponentContext } from './components/types';
import { ClusterConfig, loadConfig, statePaths } from './config';
import { seedDemo } from './demo/manifests';
import { GITEA_COMPONENT, isGiteaReady } from './components/gitea';
import { GitHostInfo, ensureGitHost, gitHostInfo } from './gitea/localGitHost';
import { clientsFromKubeconfig } from './kube/clients';
import { isHealthy } from './process/probe';
import {
  assertAlive,
  readRecord,
  isRecordAlive,
  startProcess,
  stopProcess,
} from './process/supervisor';
import { waitFor } from './waitFor';

/** Start order; `down` stops in reverse. */
export const COMPONENTS: Component[] = [
  etcd,
  apiserver,
  controllerManager,
  scheduler,
  kwok,
  rolloutsController,
  prometheus,
  exporter,
];

export interface ClusterInfo {
  kubeconfigPath: string;
  backstageKubeconfigPath: string;
  server: string;
  token: string;
  backstageToken?: string;
  /** PEM of the apiserver's serving certificate chain (for caData). */
  caPath: string;
  prometheusUrl: string;
  namespace: string;
  stateDir: string;
  /** The local Git host, when it is up (see `gitHostError` otherwise). */
  gitHost?: GitHostInfo;
  /** Why the local Git host is not up (its failure does not fail `up`). */
  gitHostError?: string;
}

export type Progress = (line: string) => void;

function info(config: ClusterConfig, adminToken: string): ClusterInfo {
  const paths = statePaths(config);
  let backstageToken: string | undefined;
  try {
    const text = fs.readFileSync(paths.backstageKubeconfig, 'utf8');
    backstageToken = /token: (\S+)/.exec(text)?.[1];
  } catch {
    backstageToken = undefined;
  }
  return {
    kubeconfigPath: paths.adminKubeconfig,
    backstageKubeconfigPath: paths.backstageKubeconfig,
    server: apiserverUrl(config),
    token: adminToken,
    backstageToken,
    caPath: `${paths.pki}/apiserver.crt`,
    prometheusUrl: prometheusUrl(config),
    namespace: config.demoNamespace,
    stateDir: config.stateDir,
    gitHost: gitHostInfo(config),
  };
}

async function startAndWait(
  component: Component,
  ctx: ComponentContext,
  progress: Progress,
): Promise<void> {
  const { config } = ctx;
  const alreadyUp =
    isRecordAlive(readRecord(config, component.name)) &&
    (await component.isReady(ctx));
  if (alreadyUp) {
    progress(`[cluster] ${component.name}: already running`);
    return;
  }
  const started = Date.now();
  const { record, reused } = startProcess(config, component.start(ctx));
  progress(
    `[cluster] ${component.name}: ${reused ? 'waiting for' : 'started'} pid ${
      record.pid
    }`,
  );
  await waitFor(
    async () => {
      assertAlive(config, component.name);
      return component.isReady(ctx);
    },
    {
      timeoutMs: component.readyTimeoutMs,
      intervalMs: 200,
      description: `${component.name} to become ready (log: ${
        statePaths(config).logs
      }/${component.name}.log)`,
    },
  ).catch(e => {
    // A process that died is reported with its log tail instead.
    assertAlive(config, component.name);
    throw e;
  });
  progress(
    `[cluster] ${component.name}: ready in ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)}s`,
  );
}

/** Builds (if needed), starts and seeds the cluster; returns how to reach it. */
export async function up(
  options: {
    config?: ClusterConfig;
    progress?: Progress;
    seed?: boolean;
    /** Start the local Git host (default: unless GRADUAL_GIT_HOST=off). */
    gitHost?: boolean;
  } = {},
): Promise<ClusterInfo> {
  const config = options.config ?? loadConfig();
  const progress = options.progress ?? (line => console.error(line));
  const started = Date.now();
  const paths = statePaths(config);
  fs.mkdirSync(paths.dir, { recursive: true });

  progress('[cluster] checking binaries (a cold build takes many minutes)');
  const binaries: Binaries = await ensureBinaries(config, progress);
  fs.writeFileSync(paths.binDirs, JSON.stringify(binaries, null, 2));
  const { adminToken } = ensureCredentials(config);
  const ctx: ComponentContext = { config, binaries, adminToken };

  await startAndWait(etcd, ctx, progress);
  await startAndWait(apiserver, ctx, progress);
  writeKubeconfig(config, {
    file: paths.adminKubeconfig,
    user: 'gradual-admin',
    token: adminToken,
  });
  const clients = clientsFromKubeconfig(paths.adminKubeconfig);

  const crds = [
    ...(await installCrds(clients, binaries.crdDir)),
    ...(await installCrds(clients, binaries.trafficCrdDir, TRAFFIC_CRDS)),
  ];
  progress(`[cluster] CRDs established: ${crds.length}`);
  await createNamespaces(clients, [...SYSTEM_NAMESPACES, config.demoNamespace]);
  const nodes = await createNodes(clients, config.nodeCount);

  await Promise.all(
    [controllerManager, scheduler, kwok, rolloutsController, prometheus].map(
      c => startAndWait(c, ctx, progress),
    ),
  );
  await waitForNodesReady(clients, nodes);
  progress(`[cluster] nodes ready: ${nodes.join(', ')}`);
  await startAndWait(exporter, ctx, progress);

  await setUpBackstageAccess(config, clients);
  progress(
    `[cluster] backstage service account ${BACKSTAGE_NAMESPACE}/backstage: ${paths.backstageKubeconfig}`,
  );
  if (options.seed !== false) {
    await seedDemo(config, clients);
    progress(`[cluster] demo seeded in namespace ${config.demoNamespace}`);
  }
  let gitHost: GitHostInfo | undefined;
  let gitHostError: string | undefined;
  if (options.gitHost ?? process.env.GRADUAL_GIT_HOST !== 'off') {
    // The cluster is usable without it: a failure is reported, not thrown.
    try {
      gitHost = await ensureGitHost(config, progress);
    } catch (e: any) {
      gitHostError = e.message;
      progress(`[cluster] ERROR ${e.message}`);
    }
  }
  progress(
    `[cluster] up in ${((Date.now() - started) / 1000).toFixed(
      1,
    )}s — kubeconfig: ${paths.adminKubeconfig}`,
  );
  return { ...info(config, adminToken), gitHost, gitHostError };
}

/** Stops exactly the processes this cluster started, in reverse order. */
export async function down(
  options: { config?: ClusterConfig; progress?: Progress } = {},
): Promise<void> {
  const config = options.config ?? loadConfig();
  const progress = options.progress ?? (line => console.error(line));
  for (const name of [
    GITEA_COMPONENT,
    ...[...COMPONENTS].reverse().map(c => c.name),
  ]) {
    if (await stopProcess(config, name)) {
      progress(`[cluster] ${name}: stopped`);
    }
  }
}

/** down, then remove the whole state directory (etcd data, certs, tokens, logs). */
export async function reset(
  options: { config?: ClusterConfig; progress?: Progress } = {},
): Promise<void> {
  const config = options.config ?? loadConfig();
  await down(options);
  fs.rmSync(config.stateDir, { recursive: true, force: true });
  (options.progress ?? (line => console.error(line)))(
    `[cluster] removed ${config.stateDir}`,
  );
}

const giteaStatusComponent = {
  name: GITEA_COMPONENT,
  isReady: ({ config }: { config: ClusterConfig }) => isGiteaReady(config),
};

export interface ComponentStatus {
  name: string;
  running: boolean;
  ready: boolean;
  pid?: number;
  startedAt?: string;
}

export async function status(
  config: ClusterConfig = loadConfig(),
): Promise<ComponentStatus[]> {
  let adminToken = '';
  try {
    adminToken = fs.readFileSync(statePaths(config).adminToken, 'utf8').trim();
  } catch {
    adminToken = '';
  }
  // The Git host is listed once `up` has started it (it is optional).
  const listed = readRecord(config, GITEA_COMPONENT)
    ? [...COMPONENTS, giteaStatusComponent]
    : COMPONENTS;
  return Promise.all(
    listed.map(async c => {
      const record = readRecord(config, c.name);
      const running = isRecordAlive(record);
      return {
        name: c.name,
        running,
        ready: running && (await c.isReady({ config, adminToken })),
        pid: running ? record!.pid : undefined,
        startedAt: running ? record!.startedAt : undefined,
      };
    }),
  );
}

/** True when every (required) component runs and answers its health check. */
export async function isUp(
  config: ClusterConfig = loadConfig(),
): Promise<boolean> {
  return (await status(config))
    .filter(s => s.name !== GITEA_COMPONENT)
    .every(s => s.ready);
}

/** How to reach a running cluster (throws if it was never started). */
export function clusterInfo(config: ClusterConfig = loadConfig()): ClusterInfo {
  const token = fs.readFileSync(statePaths(config).adminToken, 'utf8').trim();
  return info(config, token);
}

/** The apiserver answers /readyz (used by `status` output). */
export function apiserverHealthy(config: ClusterConfig): Promise<boolean> {
  return isHealthy(`${apiserverUrl(config)}/readyz`);
}
