/*
 * `up`'s Git host step: builds (cache hit: nothing), starts and seeds the
 * local Gitea. The admin user is created with `gitea admin user create` and its
 * API token with `gitea admin user generate-access-token`; both are kept in
 * the state directory (admin.json, mode 0600) and reused while valid.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { ensureGiteaBinaries } from '../binaries';
import {
  GITEA_COMPONENT,
  GITEA_READY_TIMEOUT_MS,
  ensureGiteaConfig,
  giteaInstanceArgs,
  giteaStartOptions,
  giteaUrl,
  isGiteaReady,
} from '../components/gitea';
import { ClusterConfig, statePaths } from '../config';
import { assertAlive, isRunning, startProcess } from '../process/supervisor';
import { waitFor } from '../waitFor';
import { GiteaApi, GiteaApiError } from './giteaApi';
import { GITEA_ORG, seedGitea } from './seedGitea';

const run = promisify(execFile);

export const GITEA_ADMIN_USER = 'gradual-admin';

export interface GitHostInfo {
  /** Base URL of the Gitea instance (no trailing slash). */
  url: string;
  /** Organisation holding the demo service repositories. */
  org: string;
  username: string;
  /** API token of the admin user (scopes: all). */
  token: string;
  /** org/name of every seeded demo repository. */
  repos: string[];
}

interface AdminRecord {
  username: string;
  password: string;
  token: string;
}

async function gitea(
  config: ClusterConfig,
  binary: string,
  args: string[],
): Promise<string> {
  const options = giteaStartOptions(config, binary);
  try {
    const { stdout } = await run(
      binary,
      [...giteaInstanceArgs(config), ...args],
      { cwd: options.cwd, env: options.env, timeout: 60_000 },
    );
    return stdout.trim();
  } catch (e: any) {
    throw new Error(
      `gitea ${args.slice(0, 3).join(' ')} failed: ${
        (e.stderr || e.stdout || e.message).toString().trim() || e.message
      }`,
    );
  }
}

function readAdmin(config: ClusterConfig): AdminRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(statePaths(config).giteaAdmin, 'utf8'));
  } catch {
    return undefined;
  }
}

async function tokenWorks(config: ClusterConfig, token: string) {
  try {
    await new GiteaApi(giteaUrl(config), token).request('GET', '/user');
    return true;
  } catch (e) {
    if (e instanceof GiteaApiError && e.status === 401) return false;
    throw e;
  }
}

async function ensureAdmin(
  config: ClusterConfig,
  binary: string,
): Promise<AdminRecord> {
  const existing = readAdmin(config);
  if (existing && (await tokenWorks(config, existing.token))) return existing;
  const password = existing?.password ?? crypto.randomBytes(18).toString('hex');
  const users = await gitea(config, binary, ['admin', 'user', 'list']);
  const known = users
    .split('\n')
    .some(line => line.split(/\s+/)[1] === GITEA_ADMIN_USER);
  if (!known) {
    await gitea(config, binary, [
      'admin',
      'user',
      'create',
      '--username',
      GITEA_ADMIN_USER,
      '--password',
      password,
      '--email',
      `${GITEA_ADMIN_USER}@gradual.local`,
      '--admin',
      '--must-change-password=false',
    ]);
  } else if (!existing) {
    await gitea(config, binary, [
      'admin',
      'user',
      'change-password',
      '--username',
      GITEA_ADMIN_USER,
      '--password',
      password,
      '--must-change-password=false',
    ]);
  }
  // Gitea may log a warning line on stdout before the raw token.
  const output = await gitea(config, binary, [
    'admin',
    'user',
    'generate-access-token',
    '--username',
    GITEA_ADMIN_USER,
    '--token-name',
    `gradual-${Date.now()}`,
    '--scopes',
    'all',
    '--raw',
  ]);
  const token = output.split('\n').pop()!.trim();
  if (!/^[0-9a-f]{40}$/.test(token)) {
    throw new Error(
      `gitea admin user generate-access-token printed no token: ${output}`,
    );
  }
  const record = { username: GITEA_ADMIN_USER, password, token };
  fs.writeFileSync(statePaths(config).giteaAdmin, JSON.stringify(record), {
    mode: 0o600,
  });
  return record;
}

/** Builds, starts, and seeds the local Git host. Throws saying which step failed. */
export async function ensureGitHost(
  config: ClusterConfig,
  progress: (line: string) => void,
): Promise<GitHostInfo> {
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e: any) {
      throw new Error(`local Git host (Gitea): ${name} failed: ${e.message}`);
    }
  };
  const bins = await step('build', () => ensureGiteaBinaries(config, progress));
  await step('start', async () => {
    ensureGiteaConfig(config, bins.staticDir);
    if (isRunning(config, GITEA_COMPONENT) && (await isGiteaReady(config))) {
      progress(`[cluster] ${GITEA_COMPONENT}: already running`);
      return;
    }
    const { record } = startProcess(
      config,
      giteaStartOptions(config, bins.gitea),
    );
    progress(`[cluster] ${GITEA_COMPONENT}: started pid ${record.pid}`);
    await waitFor(
      async () => {
        assertAlive(config, GITEA_COMPONENT);
        return isGiteaReady(config);
      },
      {
        timeoutMs: GITEA_READY_TIMEOUT_MS,
        intervalMs: 250,
        description: `${GITEA_COMPONENT} to answer ${giteaUrl(
          config,
        )}/api/healthz (log: ${
          statePaths(config).logs
        }/${GITEA_COMPONENT}.log)`,
      },
    );
  });
  const admin = await step('admin user and token', () =>
    ensureAdmin(config, bins.gitea),
  );
  const repos = await step('seeding the demo repositories', () =>
    seedGitea(new GiteaApi(giteaUrl(config), admin.token), config),
  );
  progress(
    `[cluster] ${GITEA_COMPONENT}: ${giteaUrl(config)} — ${repos.join(', ')}`,
  );
  return {
    url: giteaUrl(config),
    org: GITEA_ORG,
    username: admin.username,
    token: admin.token,
    repos,
  };
}

/** The running Git host's connection details, if `up` set it up. */
export function gitHostInfo(config: ClusterConfig): GitHostInfo | undefined {
  const admin = readAdmin(config);
  if (!admin) return undefined;
  return {
    url: giteaUrl(config),
    org: GITEA_ORG,
    username: admin.username,
    token: admin.token,
    repos: [],
  };
}
