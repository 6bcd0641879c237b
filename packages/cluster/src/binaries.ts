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
  /** Upstream's e2e traffic-router CRDs of the same version (Istio). */
  trafficCrdDir: string;
  etcd: string;
  prometheus: string;
}

const GO_COMPONENTS = ['k8s', 'rollouts', 'kwok'] as const;
type GoComponent = (typeof GO_COMPONENTS)[number] | 'gitea';

function requireExecutable(file: string, hint: string): string {
  if (!isExecutable(file)) {
    throw new Error(`${file} is missing or not executable. ${hint}`);
  }
  return file;
}

/**
 * Runs the build script (a no-op on a cache hit), forwarding its progress
 * lines to `onProgress`, and returns the bin directory of each component.
 */
async function buildGoComponents<C extends GoComponent>(
  config: ClusterConfig,
  onProgress: (line: string) => void,
  components: readonly C[],
): Promise<Record<C, string>> {
  const script = path.join(config.packageDir, 'scripts', 'build-binaries.sh');
  const child = spawn('bash', [script, ...components], {
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
        `[cluster] still building… ${Math.round(
          (Date.now() - started) / 1000,
        )}s`,
      ),
    30_000,
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearInterval(ticker));
  if (code !== 0) {
    throw new Error(
      `building ${components.join(
        ', ',
      )} failed (bash ${script} ${components.join(
        ' ',
      )} exited ${code}):\n${stderrTail.join('\n')}`,
    );
  }
  const dirs: Partial<Record<C, string>> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([a-z0-9-]+)=(.+)$/.exec(line.trim());
    if (match && (components as readonly string[]).includes(match[1])) {
      dirs[match[1] as C] = match[2];
    }
  }
  for (const c of components) {
    if (!dirs[c]) throw new Error(`build script printed no directory for ${c}`);
  }
  return dirs as Record<C, string>;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(
  command: string,
  args: string[],
  onProgress: (line: string) => void,
) {
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(line => line.trim())
        .forEach(line => onProgress(`[apt] ${line}`));
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('close', resolve);
  });
}

/**
 * Installs Debian's etcd-server and prometheus when they are missing (and
 * not overridden by GRADUAL_ETCD_BIN / GRADUAL_PROMETHEUS_BIN), before the
 * long Go build, so a fresh machine does not fail at the end of it.
 */
async function ensureDebianPackages(onProgress: (line: string) => void) {
  const missing: string[] = [];
  if (!process.env.GRADUAL_ETCD_BIN && !isExecutable('/usr/bin/etcd')) {
    missing.push('etcd-server');
  }
  if (
    !process.env.GRADUAL_PROMETHEUS_BIN &&
    !isExecutable('/usr/bin/prometheus')
  ) {
    missing.push('prometheus');
  }
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (...args: string[]) =>
    asRoot.length
      ? run(asRoot[0], [...asRoot.slice(1), 'apt-get', ...args], onProgress)
      : run('apt-get', args, onProgress);
  onProgress(`[cluster] installing Debian ${missing.join(' ')}`);
  if (
    (await apt(
      'install',
      '-y',
      '-q',
      '--no-install-recommends',
      ...missing,
    )) !== 0
  ) {
    await apt('update', '-q');
    const code = await apt(
      'install',
      '-y',
      '-q',
      '--no-install-recommends',
      ...missing,
    );
    if (code !== 0) {
      throw new Error(
        `apt-get install ${missing.join(
          ' ',
        )} failed (exit ${code}); install them yourself or set GRADUAL_ETCD_BIN / GRADUAL_PROMETHEUS_BIN`,
      );
    }
  }
}

/** Builds what is missing and returns the path of every binary. */
export async function ensureBinaries(
  config: ClusterConfig,
  onProgress: (line: string) => void = () => {},
): Promise<Binaries> {
  const debianHint =
    'Install it with: apt-get install -y etcd-server prometheus';
  await ensureDebianPackages(onProgress);
  const dirs = await buildGoComponents(config, onProgress, GO_COMPONENTS);
  const buildHint = `Rebuild with: bash ${path.join(
    config.packageDir,
    'scripts',
    'build-binaries.sh',
  )}`;
  return {
    kubeApiserver: requireExecutable(
      path.join(dirs.k8s, 'kube-apiserver'),
      buildHint,
    ),
    kubeControllerManager: requireExecutable(
      path.join(dirs.k8s, 'kube-controller-manager'),
      buildHint,
    ),
    kubeScheduler: requireExecutable(
      path.join(dirs.k8s, 'kube-scheduler'),
      buildHint,
    ),
    rolloutsController: requireExecutable(
      path.join(dirs.rollouts, 'rollouts-controller'),
      buildHint,
    ),
    kwok: requireExecutable(path.join(dirs.kwok, 'kwok'), buildHint),
    crdDir: path.join(dirs.rollouts, 'crds'),
    trafficCrdDir: path.join(dirs.rollouts, 'traffic-crds'),
    etcd: requireExecutable(
      process.env.GRADUAL_ETCD_BIN ?? '/usr/bin/etcd',
      debianHint,
    ),
    prometheus: requireExecutable(
      process.env.GRADUAL_PROMETHEUS_BIN ?? '/usr/bin/prometheus',
      debianHint,
    ),
  };
}

/** The Gitea build (local Git host): its binary and its static directory. */
export interface GiteaBinaries {
  gitea: string;
  /** templates/, options/, public/ of the same module (STATIC_ROOT_PATH). */
  staticDir: string;
}

/**
 * Builds Gitea on a cache miss (separately from the control plane: its
 * failure must not stop the cluster) and returns its paths.
 */
export async function ensureGiteaBinaries(
  config: ClusterConfig,
  onProgress: (line: string) => void = () => {},
): Promise<GiteaBinaries> {
  const { gitea } = await buildGoComponents(config, onProgress, [
    'gitea',
  ] as const);
  return {
    gitea: requireExecutable(
      path.join(gitea, 'gitea'),
      `Rebuild with: bash ${path.join(
        config.packageDir,
        'scripts',
        'build-binaries.sh',
      )} gitea`,
    ),
    staticDir: path.join(gitea, 'static'),
  };
}
