import { ClusterStatus } from '@gradual/plugin-rollouts-common';
import { ClusterCache } from '../cache/ClusterCache';

/** A cluster's status in the list view, once its watch cache synced (or the request timeout passed). */
export async function clusterStatusOf(
  cluster: ClusterCache,
): Promise<ClusterStatus> {
  await cluster.waitForSync(cluster.client.requestTimeoutMs);
  const { name, title, status, message } = cluster.health();
  return {
    name,
    ...(title ? { title } : {}),
    status,
    ...(message ? { message } : {}),
  };
}
