/*
 * Access to the real local cluster for the cluster tests (never a fake API
 * server), only through the environment that scripts/ensure-test-services.sh
 * writes: GRADUAL_KUBECONFIG (admin kubeconfig; optional
 * GRADUAL_BACKSTAGE_TOKEN for the restricted backend account) and
 * GRADUAL_PROMETHEUS_URL (the cluster's Prometheus).
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

/** True when the cluster environment is set (the cluster test project requires it). */
export function integrationEnabled(): boolean {
  return Boolean(process.env.GRADUAL_KUBECONFIG);
}

function requiredEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: ${what} (run scripts/ensure-test-services.sh and source ~/.cache/gradual/test-services.env)`,
    );
  }
  return value;
}

/** The local cluster's Prometheus, from GRADUAL_PROMETHEUS_URL. */
export function testPrometheusUrl(): string {
  return requiredEnv(
    'GRADUAL_PROMETHEUS_URL',
    'the test needs the Prometheus of the local cluster',
  );
}

export async function connectTestCluster(): Promise<TestCluster> {
  const kubeConfig = loadKubeconfigFile(
    requiredEnv('GRADUAL_KUBECONFIG', 'the test needs the local cluster'),
  );
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

export interface DemoAnalysisTemplate {
  apiVersion: string;
  kind: 'AnalysisTemplate';
  metadata: { name: string };
  spec: JsonObject;
}

/**
 * The demo's AnalysisTemplates, read (never changed) from the `demo`
 * namespace of the running cluster, ready to create in another namespace.
 */
export async function demoAnalysisTemplates(
  admin: KubeClient,
  names: string[],
): Promise<DemoAnalysisTemplate[]> {
  return Promise.all(
    names.map(async name => {
      const { apiVersion, kind, metadata, spec } = await admin.request(
        'GET',
        `/apis/argoproj.io/v1alpha1/namespaces/demo/analysistemplates/${name}`,
      );
      return { apiVersion, kind, metadata: { name: metadata.name }, spec };
    }),
  );
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
