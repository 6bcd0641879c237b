import { ClusterCache } from '../cache/ClusterCache';

/** The cluster's display title, for a summary or detail; nothing when it has none. */
export function titleOf(cluster: ClusterCache): { clusterTitle?: string } {
  return cluster.title ? { clusterTitle: cluster.title } : {};
}
