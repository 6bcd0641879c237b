import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** What a kubeconfig context resolves to. */
export interface KubeconfigTarget {
  url: string;
  ca?: string;
  skipTLSVerify: boolean;
  token?: string;
  cert?: string;
  key?: string;
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

/**
 * Resolves one context of a kubeconfig file: server, CA, and a token or
 * client certificate. Exec and auth-provider plugins are not supported.
 */
export function readKubeconfig(
  file: string,
  contextName?: string,
): KubeconfigTarget {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  const dir = path.dirname(path.resolve(file));
  const readRelative = (p: string) =>
    fs.readFileSync(path.resolve(dir, p), 'utf8');
  const name = contextName ?? doc['current-context'];
  const context = (doc.contexts ?? []).find(
    (c: any) => c?.name === name,
  )?.context;
  if (!context) {
    throw new Error(`kubeconfig ${file}: context '${name}' not found`);
  }
  const cluster = (doc.clusters ?? []).find(
    (c: any) => c?.name === context.cluster,
  )?.cluster;
  if (!cluster?.server) {
    throw new Error(
      `kubeconfig ${file}: cluster '${context.cluster}' has no server`,
    );
  }
  const user =
    (doc.users ?? []).find((u: any) => u?.name === context.user)?.user ?? {};
  if (user.exec || user['auth-provider']) {
    throw new Error(
      `kubeconfig ${file}: user '${context.user}' uses exec/auth-provider, which is not supported`,
    );
  }
  return {
    url: String(cluster.server),
    ca: cluster['certificate-authority-data']
      ? decode(cluster['certificate-authority-data'])
      : cluster['certificate-authority'] &&
        readRelative(cluster['certificate-authority']),
    skipTLSVerify: Boolean(cluster['insecure-skip-tls-verify']),
    token:
      user.token ??
      (user.tokenFile ? readRelative(user.tokenFile).trim() : undefined),
    cert: user['client-certificate-data']
      ? decode(user['client-certificate-data'])
      : user['client-certificate'] && readRelative(user['client-certificate']),
    key: user['client-key-data']
      ? decode(user['client-key-data'])
      : user['client-key'] && readRelative(user['client-key']),
  };
}
