// The adopter test (`yarn test:adopter`): what someone who installs Gradual
// into their own Backstage does, on a machine that reaches only the npm
// registry mirror.
//
//  1. packs the published packages (scripts/check-packed-packages.mjs) and
//     serves the tarballs as the @gradual scope of a local registry;
//  2. generates a fresh app with the pinned @backstage/create-app (new frontend
//     system), and its classic frontend (`create-app --legacy`) beside it as
//     packages/app-legacy, in a temp folder outside the workspace;
//  3. installs it from the registry with this repository's registry settings
//     (.yarnrc.yml age gate, package.json resolutions; see README Troubleshooting);
//  4. applies the README's install section, block by block (readmeWiring.mjs);
//  5. type-checks and builds the backend and both frontends;
//  6. starts the built backend (serving the new frontend) and the built classic
//     frontend against the local cluster, with a rollout of its own in a
//     namespace of its own (never `demo`), registered through a catalog location;
//  7. runs the browser checks (adopter.spec.ts, Debian chromium): the Rollouts
//     tab of the demo entity shows the canary; a promote advances the own rollout.
//
// Prints `[adopter] ✓ step (time)` / `[adopter] ✗ step: reason`, and the browser
// results as a Playwright JSON report when PLAYWRIGHT_JSON_OUTPUT_NAME is set
// (scripts/test.sh counts it with scripts/test-summary.mjs). Exits 1 on any
// failure; a missing prerequisite is a failure with its reason, never a skip.
//
// Usage: node scripts/adopter/test-adopter.mjs [--tarballs DIR] [--keep]
//   --tarballs DIR  use the tarballs already packed there (check-packed-packages --out DIR)
//   --keep          keep the generated app (its path is printed)
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  openSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { startLocalRegistry } from './localRegistry.mjs';
import { applyEdit, commandsOf, wiringSteps } from './readmeWiring.mjs';

/** The create-app release whose template the test uses; its Backstage release must be the repo's (backstage.json). */
export const CREATE_APP_VERSION = '0.9.2';

const root = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const tarballsArg = args.includes('--tarballs')
  ? resolve(args[args.indexOf('--tarballs') + 1])
  : undefined;
const keep = args.includes('--keep');
const cacheDir = join(homedir(), '.cache', 'gradual');
const yarnCache = join(cacheDir, 'adopter-yarn-cache');
const clusterState = join(cacheDir, 'cluster-state');
const kubeconfig = process.env.GRADUAL_KUBECONFIG;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// A fixed folder outside the workspace, emptied on every run: yarn keys the
// build state of native modules by their absolute path, so the cached install
// (below) skips their builds only at the same place.
const work = join(tmpdir(), 'gradual-adopter');
const app = join(work, 'app');
const logs = join(work, 'logs');
const runLock = `${work}.lock`;
try {
  mkdirSync(runLock);
  writeFileSync(join(runLock, 'pid'), String(process.pid));
} catch {
  let pid = 0;
  try {
    pid = Number(readFileSync(join(runLock, 'pid'), 'utf8'));
  } catch {
    // a run that stopped before writing its pid
  }
  let alive = false;
  try {
    if (pid) {
      process.kill(pid, 0);
      alive = true;
    }
  } catch {
    // the run that held it is gone
  }
  if (alive) {
    console.log(
      `[adopter] ✗ another adopter test (pid ${pid}) is running in ${work}\n[adopter] 1 failed`,
    );
    process.exit(1);
  }
  writeFileSync(join(runLock, 'pid'), String(process.pid));
}
rmSync(work, { recursive: true, force: true });
mkdirSync(logs, { recursive: true });
const children = [];
let failed = false;
let installed = false; // the app installed and built: its install is worth keeping

function log(msg) {
  console.log(`[adopter] ${msg}`);
}

class StepError extends Error {}

/** Runs fn as a named step: prints ✓ with its duration, or ✗ with the reason, and stops the test. */
async function step(name, fn) {
  const started = Date.now();
  log(`── ${name}`);
  try {
    const result = await fn();
    log(`✓ ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
    return result;
  } catch (e) {
    log(`✗ ${name}: ${e.message}`);
    throw new StepError(e.message);
  }
}

/**
 * Runs a command with its output in a log file (asynchronously: the local
 * registry answers from this process meanwhile); on failure the error names the
 * command and shows the log's tail.
 */
async function run(
  cmd,
  cmdArgs,
  { cwd = app, env = {}, name, inherit = false } = {},
) {
  const logFile = join(
    logs,
    `${(name ?? `${cmd}-${cmdArgs.join('-')}`)
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 80)}.log`,
  );
  const fd = inherit ? 'inherit' : openSync(logFile, 'w');
  try {
    const child = spawn(cmd, cmdArgs, {
      cwd,
      // The generated app has no lockfile of its own yet: its first install
      // and the README's `yarn add` write one, as an adopter's do. Yarn turns
      // immutable installs on by itself when CI is set, which would refuse that.
      env: { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', ...env },
      stdio: ['ignore', fd, fd],
    });
    const [code, signal] = await new Promise((res, rej) => {
      child.on('error', rej);
      child.on('exit', (c, sig) => res([c, sig]));
    });
    if (code === 0) return;
    const how = `\`${cmd} ${cmdArgs.join(' ')}\` (in ${cwd}) exited with ${
      code ?? signal
    }`;
    throw new Error(
      inherit ? how : `${how}; log ${logFile}:\n    ${tailOf(logFile, 25)}`,
    );
  } finally {
    if (!inherit) closeSync(fd);
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createNetServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function kubectl(kubectlArgs, input) {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...kubectlArgs], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

async function waitFor(what, check, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`${what}: the process exited with ${child.exitCode}`);
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    `${what}: not ready after ${timeoutMs / 1000} s${
      last ? ` (${last.message})` : ''
    }`,
  );
}

function startProcess(name, cmd, cmdArgs, opts) {
  const out = join(logs, `${name}.log`);
  const child = spawn(cmd, cmdArgs, {
    ...opts,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks = [];
  const collect = c => {
    chunks.push(c);
    writeFileSync(out, Buffer.concat(chunks));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.logFile = out;
  children.push(child);
  return child;
}

function tailOf(file, n = 30) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trim().split('\n').slice(-n).join('\n    ');
}

/** The errors a backend logged (JSON lines), or the end of its log when there are none. */
function backendProblems(file) {
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8').trim().split('\n')
    : [];
  const errors = lines.filter(l => /"level":"error"/.test(l));
  const shown = errors.length
    ? errors
    : lines.filter(l => !l.includes('/health/v1/readiness'));
  return `${errors.length ? 'errors' : 'log'} (${file}):\n    ${shown
    .slice(-15)
    .map(l => l.slice(0, 600))
    .join('\n    ')}`;
}

/** A static server for a built frontend (index.html for every route that is not a file). */
function serveStatic(dir, port) {
  const types = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.map': 'application/json',
    '.txt': 'text/plain',
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || path.endsWith('/'))
      file = join(dir, 'index.html');
    try {
      const data = readFileSync(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
      });
      res.end(data);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise(r => server.listen(port, '127.0.0.1', () => r(server)));
}

// The installed tree of the last successful run (node_modules, yarn's install
// state and lockfile), moved back in before `yarn install`: yarn re-links what
// differs and rebuilds nothing that was built (native modules take most of a
// cold install). Stored only after a run that installed and built the app.
const installCache = join(
  cacheDir,
  `adopter-install-create-app-${CREATE_APP_VERSION}`,
);

/** Paths (relative to the app) of what `yarn install` produced. */
function installDirs(dir) {
  const nested = ['packages', 'plugins'].flatMap(group =>
    existsSync(join(dir, group))
      ? readdirSync(join(dir, group))
          .map(p => `${group}/${p}/node_modules`)
          .filter(p => existsSync(join(dir, p)))
      : [],
  );
  return ['node_modules', '.yarn/install-state.gz', ...nested];
}

function moveTree(from, to, paths) {
  for (const p of paths) {
    if (!existsSync(join(from, p))) continue;
    mkdirSync(dirname(join(to, p)), { recursive: true });
    rmSync(join(to, p), { recursive: true, force: true });
    renameSync(join(from, p), join(to, p));
  }
}

function restoreInstall() {
  if (!existsSync(join(installCache, 'node_modules'))) return false;
  moveTree(installCache, app, installDirs(installCache));
  rmSync(installCache, { recursive: true, force: true });
  log(`restored the install of the last run (${installCache})`);
  return true;
}

function storeInstall() {
  rmSync(installCache, { recursive: true, force: true });
  mkdirSync(installCache, { recursive: true });
  moveTree(app, installCache, installDirs(app));
}

const NAMESPACE = `gradual-adopter-${Date.now().toString(36)}`;
const OWN_ENTITY = 'adopter-web';

function ownRolloutManifests() {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: OWN_ENTITY,
        namespace: NAMESPACE,
        labels: { 'backstage.io/kubernetes-id': OWN_ENTITY, app: OWN_ENTITY },
      },
      spec: {
        replicas: 2,
        revisionHistoryLimit: 3,
        selector: { matchLabels: { app: OWN_ENTITY } },
        template: {
          metadata: { labels: { app: OWN_ENTITY } },
          spec: {
            containers: [
              { name: 'app', image: `registry.local/${OWN_ENTITY}:1.0.0` },
            ],
          },
        },
        strategy: {
          canary: {
            steps: [
              { setWeight: 25 },
              { pause: {} },
              { setWeight: 50 },
              { pause: {} },
            ],
          },
        },
      },
    },
  ]
    .map(m => stringify(m))
    .join('---\n');
}

async function main() {
  const startedAt = Date.now();
  const repoRelease = JSON.parse(
    readFileSync(join(root, 'backstage.json'), 'utf8'),
  ).version;
  const clusterConfig = join(clusterState, 'app-config.cluster.yaml');

  await step('prerequisites (Node 22+, local cluster, chromium)', async () => {
    const major = Number(process.versions.node.split('.')[0]);
    const missing = [];
    if (major < 22)
      missing.push(
        `Node ${process.versions.node} (Backstage needs 22 or 24: source scripts/node-env.sh)`,
      );
    if (!kubeconfig || !existsSync(kubeconfig))
      missing.push(
        'GRADUAL_KUBECONFIG (the local cluster admin kubeconfig: source ~/.cache/gradual/test-services.env after scripts/ensure-test-services.sh)',
      );
    if (!existsSync(clusterConfig))
      missing.push(
        `${clusterConfig} (written by scripts/ensure-test-services.sh and scripts/start.sh, via scripts/write-cluster-config.mjs)`,
      );
    if (!existsSync(chromium))
      missing.push(
        `chromium at ${chromium} (CHROMIUM_PATH; scripts/ensure-test-services.sh installs Debian chromium)`,
      );
    if (missing.length) throw new Error(`missing: ${missing.join('; ')}`);
    kubectl(['get', 'rollouts', '-n', 'demo', 'user-service']);
  });

  const tarballs = await step('packed packages', async () => {
    if (tarballsArg) {
      const found = existsSync(tarballsArg)
        ? readdirSync(tarballsArg).filter(f => f.endsWith('.tgz'))
        : [];
      if (found.length < 4)
        throw new Error(
          `--tarballs ${tarballsArg} holds ${found.length} tarballs, expected the 4 published packages`,
        );
      return tarballsArg;
    }
    const out = join(work, 'tarballs');
    await run(
      'node',
      [join(root, 'scripts/check-packed-packages.mjs'), '--out', out],
      {
        cwd: root,
        name: 'check-packed-packages',
      },
    );
    return out;
  });
  const registry = await startLocalRegistry(tarballs);
  log(
    `local registry for @gradual/*: ${registry.url} (${[...registry.packages]
      .map(([n, v]) => `${n}@${v}`)
      .join(', ')})`,
  );

  await step(
    `generate the app (@backstage/create-app@${CREATE_APP_VERSION}, new frontend system + --legacy classic frontend)`,
    async () => {
      const createApp = [
        '--yes',
        `@backstage/create-app@${CREATE_APP_VERSION}`,
        '--skip-install',
      ];
      const env = { BACKSTAGE_APP_NAME: 'adopter' };
      await run('npx', [...createApp, '--path', app], {
        cwd: work,
        env,
        name: 'create-app',
      });
      const legacy = join(work, 'legacy');
      await run('npx', [...createApp, '--legacy', '--path', legacy], {
        cwd: work,
        env,
        name: 'create-app-legacy',
      });
      const generated = JSON.parse(
        readFileSync(join(app, 'backstage.json'), 'utf8'),
      ).version;
      if (generated !== repoRelease)
        throw new Error(
          `create-app ${CREATE_APP_VERSION} generates Backstage ${generated}, this repository uses ${repoRelease} (backstage.json): pin the create-app release of ${repoRelease} in scripts/adopter/test-adopter.mjs`,
        );
      // The classic frontend beside the new one: one install, one backend.
      renameSync(
        join(legacy, 'packages/app'),
        join(app, 'packages/app-legacy'),
      );
      const legacyManifest = join(app, 'packages/app-legacy/package.json');
      const m = JSON.parse(readFileSync(legacyManifest, 'utf8'));
      m.name = 'app-legacy';
      writeFileSync(legacyManifest, `${JSON.stringify(m, null, 2)}\n`);
      rmSync(legacy, { recursive: true, force: true });
    },
  );

  await step(
    'registry settings of this repository (.yarnrc.yml age gate, resolutions) and the @gradual scope',
    async () => {
      const repoManifest = JSON.parse(
        readFileSync(join(root, 'package.json'), 'utf8'),
      );
      const manifestPath = join(app, 'package.json');
      const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
      m.resolutions = { ...m.resolutions, ...repoManifest.resolutions };
      writeFileSync(manifestPath, `${JSON.stringify(m, null, 2)}\n`);
      const repoYarnrc = readFileSync(join(root, '.yarnrc.yml'), 'utf8');
      const ageGate = /^npmMinimalAgeGate: .*$/m.exec(repoYarnrc)?.[0];
      if (!ageGate) throw new Error('.yarnrc.yml has no npmMinimalAgeGate');
      mkdirSync(yarnCache, { recursive: true });
      writeFileSync(
        join(app, '.yarnrc.yml'),
        [
          'nodeLinker: node-modules',
          ageGate,
          'npmPreapprovedPackages:',
          "  - '@backstage/*'",
          "  - '@gradual/*'",
          'npmScopes:',
          '  gradual:',
          `    npmRegistryServer: '${registry.url}'`,
          'unsafeHttpWhitelist:',
          "  - '127.0.0.1'",
          'enableGlobalCache: false',
          `cacheFolder: '${yarnCache}'`,
          'enableTelemetry: false',
          `yarnPath: .yarn/releases/${
            readdirSync(join(app, '.yarn/releases'))[0]
          }`,
          '',
        ].join('\n'),
      );
    },
  );

  await step('yarn install (the generated app)', async () => {
    // The seed lockfile: this repository's yarn.lock, which pins the Backstage
    // release the plugins are built and tested against (create-app seeds its
    // apps the same way, from a yarn.lock on GitHub that is out of reach here).
    // Without it, `npmPreapprovedPackages: '@backstage/*'` lets newer plugins
    // in beside the release's backend-defaults (README > Troubleshooting).
    copyFileSync(join(root, 'yarn.lock'), join(app, 'yarn.lock'));
    const restored = restoreInstall();
    try {
      await run('yarn', ['install'], { name: 'yarn-install' });
    } catch (e) {
      if (!restored) throw e;
      // A stale cache is no reason to fail: install from scratch once.
      log(
        `install on the cached node_modules failed, installing afresh: ${e.message}`,
      );
      for (const dir of installDirs(app))
        rmSync(join(app, dir), { recursive: true, force: true });
      copyFileSync(join(root, 'yarn.lock'), join(app, 'yarn.lock'));
      await run('yarn', ['install'], { name: 'yarn-install-afresh' });
    }
  });

  const steps = wiringSteps(readFileSync(join(root, 'README.md'), 'utf8'));
  await step(
    `README install section (${steps.length} blocks: ${steps
      .map(s => `${s.kind}${s.app === 'legacy' ? ' (classic)' : ''}`)
      .join(', ')})`,
    async () => {
      for (const s of steps) {
        if (s.kind === 'run') {
          for (const command of commandsOf(s))
            await run('sh', ['-c', command], { name: command });
        } else {
          applyEdit(app, s);
        }
      }
      for (const [name, version] of registry.packages) {
        if (!existsSync(join(app, 'node_modules', name, 'package.json')))
          throw new Error(`${name}@${version} is not installed`);
      }
    },
  );

  await step(
    'yarn tsc (the app, with the published type declarations)',
    async () => await run('yarn', ['tsc'], { name: 'tsc' }),
  );

  const backendPort = await freePort();
  const legacyPort = await freePort();
  const backendUrl = `http://localhost:${backendPort}`;
  const legacyUrl = `http://localhost:${legacyPort}`;

  await step(
    `own rollout ${NAMESPACE}/${OWN_ENTITY} and its catalog entity`,
    async () => {
      kubectl(['apply', '-f', '-'], ownRolloutManifests());
      writeFileSync(
        join(app, 'adopter-entities.yaml'),
        stringify({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: OWN_ENTITY,
            annotations: {
              'backstage.io/kubernetes-id': OWN_ENTITY,
              'backstage.io/kubernetes-namespace': NAMESPACE,
            },
          },
          spec: { type: 'service', lifecycle: 'test', owner: 'user:guest' },
        }),
      );
    },
  );

  // What the adopter's deployment adds: where it runs, and which catalog and cluster it uses.
  const adopterConfig = join(app, 'app-config.adopter.yaml');
  writeFileSync(
    adopterConfig,
    stringify({
      app: { baseUrl: backendUrl },
      backend: {
        baseUrl: backendUrl,
        listen: { port: backendPort },
        cors: { origin: [backendUrl, legacyUrl] },
      },
      // the built backend runs with NODE_ENV=production, where guest sign-in is off by default
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
      catalog: {
        locations: [
          // the demo services (their rollouts live in the local cluster's demo namespace)
          { type: 'file', target: join(root, 'examples/entities.yaml') },
          { type: 'file', target: join(app, 'adopter-entities.yaml') },
        ],
      },
    }),
  );
  const legacyConfig = join(app, 'app-config.legacy.yaml');
  writeFileSync(legacyConfig, stringify({ app: { baseUrl: legacyUrl } }));
  const configArgs = [
    '--config',
    join(app, 'app-config.yaml'),
    '--config',
    adopterConfig,
    '--config',
    clusterConfig,
  ];

  // As the template's Dockerfile expects: the backend bundle, with the new
  // frontend (packages/app, a dependency of the backend) built into it.
  await step(
    'yarn build:backend (backend bundle + new frontend)',
    async () => await run('yarn', ['build:backend'], { name: 'build-backend' }),
  );
  await step(
    'build the classic frontend (packages/app-legacy)',
    async () =>
      await run(
        'yarn',
        [
          'workspace',
          'app-legacy',
          'build',
          ...configArgs,
          '--config',
          legacyConfig,
        ],
        { name: 'build-app-legacy' },
      ),
  );
  installed = true;

  const deploy = join(work, 'deploy');
  await step(
    'start the built backend on the local cluster (serves the new frontend)',
    async () => {
      mkdirSync(deploy);
      await run(
        'tar',
        [
          '-xzf',
          join(app, 'packages/backend/dist/bundle.tar.gz'),
          '-C',
          deploy,
        ],
        { name: 'unpack-bundle' },
      );
      // The bundle's packages resolve their dependencies from the app's install
      // (a container image runs `yarn workspaces focus --production` instead).
      symlinkSync(join(app, 'node_modules'), join(deploy, 'node_modules'));
      const backend = startProcess(
        'backend',
        process.execPath,
        [join(deploy, 'packages/backend'), ...configArgs],
        {
          cwd: join(app, 'packages/backend'),
          env: { ...process.env, NODE_ENV: 'production' },
        },
      );
      try {
        await waitFor(
          'backend readiness',
          async () =>
            (
              await fetch(
                `http://127.0.0.1:${backendPort}/.backstage/health/v1/readiness`,
              )
            ).ok,
          5 * 60_000,
          backend,
        );
      } catch (e) {
        throw new Error(`${e.message}; ${backendProblems(backend.logFile)}`);
      }
    },
  );

  const legacyServer = await step('serve the classic frontend', async () => {
    const server = await serveStatic(
      join(app, 'packages/app-legacy/dist'),
      legacyPort,
    );
    const res = await fetch(`http://127.0.0.1:${legacyPort}/`);
    if (!res.ok) throw new Error(`GET / answered ${res.status}`);
    return server;
  });

  const reportPath = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;
  try {
    await step(
      'browser checks (playwright, chromium)',
      async () =>
        await run(
          'yarn',
          [
            'playwright',
            'test',
            '-c',
            join(root, 'scripts/adopter/playwright.config.ts'),
            '--reporter',
            reportPath ? 'list,json' : 'list',
          ],
          {
            cwd: root,
            inherit: true,
            env: {
              PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
              ADOPTER_NEW_URL: backendUrl,
              ADOPTER_LEGACY_URL: legacyUrl,
              ADOPTER_NAMESPACE: NAMESPACE,
              ADOPTER_ENTITY: OWN_ENTITY,
              CHROMIUM_PATH: chromium,
            },
          },
        ),
    );
  } finally {
    legacyServer.close();
  }
  log(`adopter app passed in ${Math.round((Date.now() - startedAt) / 1000)} s`);
}

async function cleanup() {
  for (const child of children) {
    if (child.exitCode === null) {
      const exited = new Promise(r => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise(r => setTimeout(r, 15_000))]);
    }
  }
  if (kubeconfig) {
    try {
      kubectl([
        'delete',
        'namespace',
        NAMESPACE,
        '--wait=false',
        '--ignore-not-found',
      ]);
    } catch (e) {
      log(`could not delete namespace ${NAMESPACE}: ${e.message}`);
    }
  }
  if (installed && !keep) {
    try {
      storeInstall();
    } catch (e) {
      log(`could not keep the install for the next run: ${e.message}`);
    }
  }
  if (keep || failed) log(`kept ${work} (app, logs)`);
  else rmSync(work, { recursive: true, force: true });
  rmSync(runLock, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    log(`✗ stopped by ${signal}`);
    failed = true;
    await cleanup();
    process.exit(1);
  });
}

try {
  await main();
} catch (e) {
  failed = true;
  if (!(e instanceof StepError)) log(`✗ ${e.stack ?? e}`);
} finally {
  await cleanup();
}
log(failed ? '1 failed' : 'passed');
process.exit(failed ? 1 : 0);
