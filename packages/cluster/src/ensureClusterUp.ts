/*
 * For tests and other packages: reuse the running local cluster, or start it
 * (building the binaries on first use). Concurrent callers in one process
 * share one start.
 */
import { ClusterConfig, loadConfig } from './config';
import { GitHostInfo, ensureGitHost } from './gitea/localGitHost';
import { ClusterInfo, clusterInfo, isUp, up } from './lifecycle';

let starting: Promise<ClusterInfo> | undefined;

export async function ensureClusterUp(
  options: { config?: ClusterConfig; progress?: (line: string) => void } = {},
): Promise<ClusterInfo> {
  const config = options.config ?? loadConfig();
  if (await isUp(config)) return clusterInfo(config);
  if (!starting) {
    starting = up({ config, progress: options.progress }).finally(() => {
      starting = undefined;
    });
  }
  return starting;
}

/**
 * For tests that need the local Git host: the running one, or starts it
 * (the cluster's `up` starts it too; this does not need the cluster).
 */
export async function ensureGitHostUp(
  options: { config?: ClusterConfig; progress?: (line: string) => void } = {},
): Promise<GitHostInfo> {
  const config = options.config ?? loadConfig();
  return ensureGitHost(config, options.progress ?? (() => {}));
}
