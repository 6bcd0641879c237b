/*
 * For tests and other packages: reuse the running local cluster, or start it
 * (building the binaries on first use). Concurrent callers in one process
 * share one start.
 */
import { ClusterConfig, loadConfig } from './config';
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
