/*
 * Builds the @kubernetes/client-node KubeConfig of a cluster: from the
 * `rollouts.clusters[]` fields (url, token, CA, TLS verification), or from a
 * kubeconfig file and context. client-node does the rest (TLS material,
 * bearer/exec/token-file auth, proxies).
 */
import { Cluster, KubeConfig, User } from '@kubernetes/client-node';
import { ClusterConnection } from './types';

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

/** The KubeConfig of a connection: its own, or one built from its fields. */
export function kubeConfigOf(conn: ClusterConnection): KubeConfig {
  if (conn.kubeConfig) return conn.kubeConfig;
  const cluster: Cluster = {
    name: conn.name,
    server: conn.url.replace(/\/+$/, ''),
    caData: conn.ca ? b64(conn.ca) : undefined,
    // client-node refuses plain-http servers unless TLS verification is off;
    // there is no TLS to verify on them.
    skipTLSVerify: conn.skipTLSVerify || conn.url.startsWith('http:'),
  };
  const user: User = {
    name: `${conn.name}-user`,
    token: conn.token,
    certData: conn.cert ? b64(conn.cert) : undefined,
    keyData: conn.key ? b64(conn.key) : undefined,
  };
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(cluster, user);
  return kc;
}

/**
 * Loads one context of a kubeconfig file (default: its current-context).
 * `skipTLSVerify`, when given, overrides the cluster's setting.
 */
export function loadKubeconfigFile(
  file: string,
  context?: string,
  skipTLSVerify?: boolean,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  if (context) {
    if (!kc.getContextObject(context)) {
      throw new Error(`kubeconfig ${file}: context '${context}' not found`);
    }
    kc.setCurrentContext(context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new Error(
      `kubeconfig ${file}: context '${kc.getCurrentContext()}' has no cluster`,
    );
  }
  if (skipTLSVerify !== undefined && skipTLSVerify !== cluster.skipTLSVerify) {
    kc.loadFromOptions({
      clusters: kc
        .getClusters()
        .map(c => (c === cluster ? { ...c, skipTLSVerify } : c)),
      users: kc.getUsers(),
      contexts: kc.getContexts(),
      currentContext: kc.getCurrentContext(),
    });
  }
  return kc;
}

/** The secrets of a KubeConfig's current user, to scrub from messages. */
export function secretsOf(kc: KubeConfig): string[] {
  const user = kc.getCurrentUser();
  if (!user) return [];
  const out: string[] = [];
  if (user.token) out.push(user.token);
  if (user.password) out.push(user.password);
  if (user.keyData) {
    out.push(user.keyData, Buffer.from(user.keyData, 'base64').toString());
  }
  return out;
}
