/*
 * Credentials of the local cluster: the service-account signing key, the
 * admin bearer token (static token file) and the kubeconfig files.
 * Generated once and kept in the state directory, so tokens survive restarts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ClusterConfig, statePaths } from './config';

export function ensureCredentials(config: ClusterConfig): {
  adminToken: string;
} {
  const paths = statePaths(config);
  fs.mkdirSync(paths.pki, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(paths.serviceAccountKey)) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    fs.writeFileSync(
      paths.serviceAccountKey,
      privateKey.export({ type: 'pkcs1', format: 'pem' }),
      { mode: 0o600 },
    );
  }
  if (!fs.existsSync(paths.adminToken)) {
    fs.writeFileSync(paths.adminToken, crypto.randomBytes(24).toString('hex'), {
      mode: 0o600,
    });
  }
  const adminToken = fs.readFileSync(paths.adminToken, 'utf8').trim();
  fs.writeFileSync(
    paths.tokensCsv,
    `${adminToken},gradual-admin,gradual-admin,"system:masters"\n`,
    { mode: 0o600 },
  );
  return { adminToken };
}

export function readAdminToken(config: ClusterConfig): string {
  return fs.readFileSync(statePaths(config).adminToken, 'utf8').trim();
}

export function apiserverUrl(config: ClusterConfig): string {
  return `https://${config.host}:${config.ports.apiserver}`;
}

/**
 * The apiserver's self-signed serving certificate chain, which it writes
 * into its --cert-dir on first start (valid for 127.0.0.1 and localhost).
 */
export function apiserverCaPath(config: ClusterConfig): string {
  return path.join(statePaths(config).pki, 'apiserver.crt');
}

export interface KubeconfigOptions {
  file: string;
  user: string;
  token: string;
  namespace?: string;
}

/** Writes a single-context kubeconfig using a bearer token. */
export function writeKubeconfig(
  config: ClusterConfig,
  options: KubeconfigOptions,
): void {
  const caData = fs.readFileSync(apiserverCaPath(config)).toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'gradual-local',
        cluster: {
          server: apiserverUrl(config),
          'certificate-authority-data': caData,
        },
      },
    ],
    users: [{ name: options.user, user: { token: options.token } }],
    contexts: [
      {
        name: `${options.user}@gradual-local`,
        context: {
          cluster: 'gradual-local',
          user: options.user,
          ...(options.namespace ? { namespace: options.namespace } : {}),
        },
      },
    ],
    'current-context': `${options.user}@gradual-local`,
  };
  fs.writeFileSync(options.file, YAML.stringify(doc), { mode: 0o600 });
}
