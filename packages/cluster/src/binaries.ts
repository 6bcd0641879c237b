/*
 * Locates (building on a cache miss) the real control-plane binaries through
 * scripts/build-binaries.sh, and the Debian-packaged ones on PATH.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ClusterConfig } from './config';

export interface Binaries {
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  rolloutsController: string;
  kwok: string;
  /** Argo Rollouts CRDs of the same version as the controller. */
  crdDir: string;
  etcd: string;
  prometheus: string;
}

const GO_COMPONENTS = ['k8s', 'rollouts', 'kwok'] as const;
type GoComponent = (typeof GO_COMPONENTS)[number];

function requireExecutable(file: string, hint: string): string {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return file;
  } catch {
    throw new Error(`${file} is missing or not executable. ${hint}`);
  }
}

/**
 * Runs the build script (a no-op on a cache hit), forwarding its progress
 * lines to `onProgress`, and returns the bin directory of each component.
 */
async function buildGoComponents(
  config: ClusterConfig,
  onProgress: (line: string) => void,
): Promise<Record<GoComponent, string>> {
  const script = path.join(config.packageDir, 'scripts', 'build-binaries.sh');
  const child = spawn('bash', [script, ...GO_COMPONENTS], {
    env: { ...process.env, GRADUAL_CACHE: config.cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const stderrTail: string[] = [];
  child.stdout.on('data', chunk => {
    stdout += chunk;
  });
  let partial = '';
  child.stderr.on('data', chunk => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      stderrTail.push(line);
      if (stderrTail.length > 40) stderrTail.shift();
      onProgress(line);
    }
  });
  const started = Date.now();
  const ticker = setInterval(
    () =>
      onProgress(
        `[cluster] still building… ${Math.round((Date.now() - started) / 1000)}s`,
      ),
    30_000,
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearInterval(ticker));
  if (code !== 0) {
    throw new Error(
      `building the cluster binaries failed (bash ${script} exited ${code}):\n${stderrTail.join('\n')}`,
    );
  }
  const dirs: Partial<Record<GoComponent, string>> = {};
  for (const line of stdout.split('\n')) {
    const match = /^(k8s|rollouts|kwok)=(.+)$/.exec(line.trim());
    if (match) dirs[match[1] as GoComponent] = match[2];
  }
  for (const c of GO_COMPONENTS) {
    if (!dirs[c]) throw new Error(`build script printed no directory for ${c}`);
  }
  return dirs as Record<GoComponent, string>;
}

/** Builds what is missing and returns the path of every binary. */
export async function ensureBinaries(
  config: ClusterConfig,
  onProgress: (line: string) => void = () => {},
): Promise<Binaries> {
  const debianHint = 'Install it with: apt-get install -y etcd-server prometheus';
  const dirs = await buildGoComponents(config, onProgress);
  const buildHint = `Rebuild with: bash ${path.join(config.packageDir, 'scripts', 'build-binaries.sh')}`;
  return {
    kubeApiserver: requireExecutable(path.join(dirs.k8s, 'kube-apiserver'), buildHint),
    kubeControllerManager: requireExecutable(
      path.join(dirs.k8s, 'kube-controller-manager'),
      buildHint,
    ),
    kubeScheduler: requireExecutable(path.join(dirs.k8s, 'kube-scheduler'), buildHint),
    rolloutsController: requireExecutable(
      path.join(dirs.rollouts, 'rollouts-controller'),
      buildHint,
    ),
    kwok: requireExecutable(path.join(dirs.kwok, 'kwok'), buildHint),
    crdDir: path.join(dirs.rollouts, 'crds'),
    etcd: requireExecutable(process.env.GRADUAL_ETCD_BIN ?? '/usr/bin/etcd', debianHint),
    prometheus: requireExecutable(
      process.env.GRADUAL_PROMETHEUS_BIN ?? '/usr/bin/prometheus',
      debianHint,
    ),
  };
}
