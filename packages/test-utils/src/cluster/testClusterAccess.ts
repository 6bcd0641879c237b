/*
 * The real local cluster as the tests get it: only through the environment
 * (GRADUAL_KUBECONFIG, the admin kubeconfig of the local cluster; optional
 * GRADUAL_BACKSTAGE_TOKEN, the restricted service account of the backend).
 */
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { requiredEnv } from '../env';

export interface TestClusterAccess {
  /** The admin kubeconfig file (GRADUAL_KUBECONFIG). */
  kubeconfigPath: string;
  /** The API server's base URL. */
  server: string;
  /** Bearer token of the admin user. */
  adminToken: string;
  /** Base64 PEM of the API server's CA, when the kubeconfig names one. */
  caData?: string;
  skipTLSVerify: boolean;
  /** The token a backend under test uses: GRADUAL_BACKSTAGE_TOKEN, else the admin's. */
  token: string;
  /** The cluster as a backend under test is configured with it (a `rollouts.clusters[]` entry named `local`). */
  pluginClusterConfig: JsonObject;
}

/** The `key` of the kubeconfig list entry called `name` (`contexts[].context`, …). */
function named<T>(
  list: Array<Record<string, unknown>> | undefined,
  name: string,
  key: string,
  file: string,
): T {
  const value = (list ?? []).find(e => e.name === name)?.[key];
  if (!value) throw new Error(`${file}: no ${key} named ${name}`);
  return value as T;
}

/** Reads GRADUAL_KUBECONFIG (its current context; the local cluster's kubeconfigs use a bearer token). */
export function testClusterAccess(): TestClusterAccess {
  const file = requiredEnv(
    'GRADUAL_KUBECONFIG',
    'the test needs the local cluster',
  );
  const doc = parse(fs.readFileSync(file, 'utf8'));
  const contextName = doc['current-context'];
  const context = named<{ cluster: string; user: string }>(
    doc.contexts,
    contextName,
    'context',
    file,
  );
  const cluster = named<Record<string, any>>(
    doc.clusters,
    context.cluster,
    'cluster',
    file,
  );
  const user = named<Record<string, any>>(
    doc.users,
    context.user,
    'user',
    file,
  );
  if (!user.token) {
    throw new Error(`${file}: user ${context.user} has no token`);
  }
  const caFile = cluster['certificate-authority'];
  const caData: string | undefined =
    cluster['certificate-authority-data'] ??
    (caFile
      ? fs
          .readFileSync(path.resolve(path.dirname(file), caFile))
          .toString('base64')
      : undefined);
  const skipTLSVerify = Boolean(cluster['insecure-skip-tls-verify']);
  const server = String(cluster.server);
  const token = process.env.GRADUAL_BACKSTAGE_TOKEN ?? user.token;
  return {
    kubeconfigPath: file,
    server,
    adminToken: user.token,
    ...(caData ? { caData } : {}),
    skipTLSVerify,
    token,
    pluginClusterConfig: {
      name: 'local',
      url: server,
      serviceAccountToken: token,
      ...(caData ? { caData } : {}),
      skipTLSVerify,
      requestTimeout: 5000,
    },
  };
}

/** The `host:port` of the test cluster's API server (e.g. for a proxy in front of it). */
export function apiServerAddress(cluster: TestClusterAccess): {
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

/** The test cluster's `rollouts.clusters[]` entry, renamed, with more (or other) settings. */
export function clusterEntry(
  cluster: TestClusterAccess,
  name: string,
  extra: JsonObject = {},
): JsonObject {
  return { ...cluster.pluginClusterConfig, name, ...extra };
}
