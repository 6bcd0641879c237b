/*
 * Where the local cluster keeps its state and which loopback ports it uses.
 * Every value can be overridden through the environment so that two clusters
 * (or a cluster and something else) can share a machine.
 */
import os from 'node:os';
import path from 'node:path';

/** The loopback ports of every component. */
export interface ClusterPorts {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwokMetrics: number;
  rolloutsHealthz: number;
  rolloutsMetrics: number;
  prometheus: number;
  exporter: number;
  /** The local Git host (Gitea) HTTP port. */
  gitea: number;
}

/** Resolved configuration of one local cluster. */
export interface ClusterConfig {
  /** Root of the state directory: pids, logs, etcd data, certs, tokens, kubeconfigs. */
  stateDir: string;
  /** Root of the build cache (binaries live in `<cacheDir>/cluster-bin`). */
  cacheDir: string;
  /** The package directory (`packages/cluster`). */
  packageDir: string;
  host: '127.0.0.1';
  ports: ClusterPorts;
  /** Namespace of the seeded demo workloads. */
  demoNamespace: string;
  /** Number of kwok nodes to create. */
  nodeCount: number;
}

const DEFAULT_PORTS: ClusterPorts = {
  etcdClient: 12379,
  etcdPeer: 12380,
  apiserver: 16443,
  controllerManager: 20257,
  scheduler: 20259,
  kwokMetrics: 20260,
  rolloutsHealthz: 18080,
  rolloutsMetrics: 18090,
  prometheus: 19090,
  exporter: 19100,
  gitea: 13300,
};

/** `etcdClient` → `GRADUAL_CLUSTER_PORT_ETCD_CLIENT`. */
export function portEnvName(key: keyof ClusterPorts): string {
  return `GRADUAL_CLUSTER_PORT_${key
    .replace(/[A-Z]/g, c => `_${c}`)
    .toUpperCase()}`;
}

function readPorts(env: NodeJS.ProcessEnv): ClusterPorts {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(ports) as (keyof ClusterPorts)[]) {
    const raw = env[portEnvName(key)];
    if (raw) {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 1 || value > 65535) {
        throw new Error(`${portEnvName(key)}=${raw} is not a valid port`);
      }
      ports[key] = value;
    }
  }
  return ports;
}

/** Reads the configuration from the environment (defaults otherwise). */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
): ClusterConfig {
  const cacheDir =
    env.GRADUAL_CACHE ?? path.join(os.homedir(), '.cache', 'gradual');
  return {
    stateDir: env.GRADUAL_CLUSTER_DIR ?? path.join(cacheDir, 'cluster-state'),
    cacheDir,
    // The package runs from its sources (bin/cluster), never bundled.
    packageDir: path.dirname(
      require.resolve('@gradual/local-cluster/package.json'),
    ),
    host: '127.0.0.1',
    ports: readPorts(env),
    demoNamespace: 'demo',
    nodeCount: Number(env.GRADUAL_CLUSTER_NODES ?? 2),
  };
}

/** Well-known paths inside the state directory. */
export function statePaths(config: ClusterConfig) {
  const dir = config.stateDir;
  return {
    dir,
    pids: path.join(dir, 'pids'),
    logs: path.join(dir, 'logs'),
    etcdData: path.join(dir, 'etcd'),
    pki: path.join(dir, 'pki'),
    serviceAccountKey: path.join(dir, 'pki', 'sa.key'),
    tokensCsv: path.join(dir, 'pki', 'tokens.csv'),
    adminToken: path.join(dir, 'pki', 'admin.token'),
    adminKubeconfig: path.join(dir, 'admin.kubeconfig'),
    backstageKubeconfig: path.join(dir, 'backstage.kubeconfig'),
    prometheusConfig: path.join(dir, 'prometheus.yml'),
    prometheusData: path.join(dir, 'prometheus'),
    binDirs: path.join(dir, 'bin-dirs.json'),
    giteaDir: path.join(dir, 'gitea'),
    giteaConfig: path.join(dir, 'gitea', 'app.ini'),
    giteaAdmin: path.join(dir, 'gitea', 'admin.json'),
  };
}

export function logPath(config: ClusterConfig, component: string): string {
  return path.join(statePaths(config).logs, `${component}.log`);
}
