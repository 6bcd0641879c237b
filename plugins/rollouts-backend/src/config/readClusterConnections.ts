import fs from 'node:fs';
import { Config } from '@backstage/config';
import { ClusterConnection } from '../kube/types';
import { loadKubeconfigFile } from '../kube/kubeConfig';

export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

/** Cluster names appear in URLs: keep them to a safe alphabet. */
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function readOne(c: Config, source: string): ClusterConnection {
  const name = c.getString('name');
  if (!CLUSTER_NAME.test(name)) {
    throw new Error(
      `${source}: invalid cluster name '${name}' (letters, digits, '.', '_', '-')`,
    );
  }
  const requestTimeoutMs =
    c.getOptionalNumber('requestTimeout') ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // 0, negative or not finite would fail (or never end) every request.
  if (!(requestTimeoutMs > 0 && Number.isFinite(requestTimeoutMs))) {
    throw new Error(
      `${source}: cluster '${name}' requestTimeout must be a positive number of milliseconds, not ${requestTimeoutMs}`,
    );
  }
  const title = c.getOptionalString('title');
  const kubeconfig = c.getOptionalConfig('kubeconfig');
  if (kubeconfig) {
    const kubeConfig = loadKubeconfigFile(
      kubeconfig.getString('path'),
      kubeconfig.getOptionalString('context'),
      c.getOptionalBoolean('skipTLSVerify'),
    );
    const cluster = kubeConfig.getCurrentCluster()!;
    return {
      name,
      title,
      kubeConfig,
      url: cluster.server.replace(/\/+$/, ''),
      token: kubeConfig.getCurrentUser()?.token,
      skipTLSVerify: cluster.skipTLSVerify,
      requestTimeoutMs,
    };
  }
  const url = c.getString('url');
  if (!/^https?:\/\//.test(url)) {
    throw new Error(`${source}: cluster '${name}' url must be http(s)`);
  }
  const authProvider = c.getOptionalString('authProvider') ?? 'serviceAccount';
  if (authProvider !== 'serviceAccount') {
    throw new Error(
      `${source}: cluster '${name}' uses authProvider '${authProvider}'; only 'serviceAccount' is supported`,
    );
  }
  const caData = c.getOptionalString('caData');
  const caFile = c.getOptionalString('caFile');
  return {
    name,
    title,
    url: url.replace(/\/+$/, ''),
    token: c.getOptionalString('serviceAccountToken'),
    ca: caData
      ? Buffer.from(caData, 'base64').toString('utf8')
      : caFile && fs.readFileSync(caFile, 'utf8'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    requestTimeoutMs,
  };
}

/**
 * Reads `rollouts.clusters`, or when absent the clusters of the Kubernetes
 * plugin's `kubernetes.clusterLocatorMethods` entries of type `config`.
 */
export function readClusterConnections(
  config: Config,
  warn: (message: string) => void = () => {},
): ClusterConnection[] {
  let entries: Array<{ c: Config; source: string }> = [];
  const own = config.getOptionalConfigArray('rollouts.clusters');
  if (own) {
    entries = own.map(c => ({ c, source: 'rollouts.clusters' }));
  } else {
    for (const method of config.getOptionalConfigArray(
      'kubernetes.clusterLocatorMethods',
    ) ?? []) {
      if (method.getString('type') !== 'config') continue;
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        entries.push({ c, source: 'kubernetes.clusterLocatorMethods' });
      }
    }
  }
  const result: ClusterConnection[] = [];
  for (const { c, source } of entries) {
    try {
      result.push(readOne(c, source));
    } catch (e) {
      // Our own config must be right; a borrowed Kubernetes plugin cluster we cannot use is skipped.
      if (own) throw e;
      warn(`skipping cluster: ${(e as Error).message}`);
    }
  }
  const seen = new Set<string>();
  for (const r of result) {
    if (seen.has(r.name)) throw new Error(`duplicate cluster name '${r.name}'`);
    seen.add(r.name);
  }
  return result;
}
