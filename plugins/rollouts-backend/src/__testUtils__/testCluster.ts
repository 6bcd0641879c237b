/*
 * Access to the real local cluster for integration tests (never a fake API
 * server): GRADUAL_KUBECONFIG (admin kubeconfig, optional
 * GRADUAL_BACKSTAGE_TOKEN for the restricted backend account), or
 * GRADUAL_CLUSTER_TESTS=1 to start @gradual/local-cluster.
 */
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import { loadKubeconfigFile } from '../kube/kubeConfig';
import { KubeClient } from '../kube/KubeClient';
import { ClusterConnection } from '../kube/types';

export interface TestCluster {
  /** Admin access, for setting up and inspecting. */
  admin: KubeClient;
  /** What the plugin under test is configured with (`rollouts.clusters[]` entry). */
  pluginClusterConfig: JsonObject;
  token: string;
}

export function integrationEnabled(): boolean {
  return Boolean(
    process.env.GRADUAL_KUBECONFIG || process.env.GRADUAL_CLUSTER_TESTS === '1',
  );
}

export async function connectTestCluster(): Promise<TestCluster> {
  if (process.env.GRADUAL_KUBECONFIG) {
    const kubeConfig = loadKubeconfigFile(process.env.GRADUAL_KUBECONFIG);
    const cluster = kubeConfig.getCurrentCluster()!;
    const user = kubeConfig.getCurrentUser();
    const caData =
      cluster.caData ??
      (cluster.caFile
        ? fs.readFileSync(cluster.caFile).toString('base64')
        : undefined);
    const conn: ClusterConnection = {
      name: 'local',
      kubeConfig,
      url: cluster.server,
      token: user?.token,
      skipTLSVerify: cluster.skipTLSVerify,
      requestTimeoutMs: 10_000,
    };
    const token = process.env.GRADUAL_BACKSTAGE_TOKEN ?? user?.token ?? '';
    return {
      admin: new KubeClient(conn),
      token,
      pluginClusterConfig: {
        name: 'local',
        url: cluster.server,
        serviceAccountToken: token,
        ...(caData ? { caData } : {}),
        skipTLSVerify: cluster.skipTLSVerify,
        requestTimeout: 5000,
      },
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensureClusterUp } = require('@gradual/local-cluster');
  const info = await ensureClusterUp({
    progress: (line: string) => process.stderr.write(`${line}\n`),
  });
  const ca = fs.readFileSync(info.caPath, 'utf8');
  const token = info.backstageToken ?? info.token;
  return {
    admin: new KubeClient({
      name: 'local',
      url: info.server,
      token: info.token,
      ca,
      skipTLSVerify: false,
      requestTimeoutMs: 10_000,
    }),
    token,
    pluginClusterConfig: {
      name: 'local',
      url: info.server,
      serviceAccountToken: token,
      caFile: info.caPath,
      requestTimeout: 5000,
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false) or the time is up. */
export async function waitUntil<T>(
  description: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${description}${
          last ? `: ${last}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
