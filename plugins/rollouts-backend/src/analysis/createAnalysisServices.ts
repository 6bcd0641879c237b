import { Config } from '@backstage/config';
import { readAnalysisConfig } from './config/analysisConfig';
import {
  AnalysisDryRunService,
  GetAnalysisTemplate,
} from './dryRun/AnalysisDryRunService';
import {
  CanaryJudgeService,
  ResolveRolloutHashes,
} from './judge/CanaryJudgeService';

/** The parts of the plugin's cluster cache the analysis endpoints use (structural, no import). */
export interface AnalysisClusterAccess {
  cluster(name: string):
    | {
        client: { request(method: string, path: string): Promise<any> };
        rollout(namespace: string, name: string): any;
      }
    | undefined;
}

/** Reads a template through the cluster's client; a 404 is `undefined`. */
export function templateReader(
  clusters: AnalysisClusterAccess,
): GetAnalysisTemplate {
  return async (cluster, namespace, name) => {
    const access = clusters.cluster(cluster);
    if (!access) return undefined;
    const path = namespace
      ? `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(
          namespace,
        )}/analysistemplates/${encodeURIComponent(name)}`
      : `/apis/argoproj.io/v1alpha1/clusteranalysistemplates/${encodeURIComponent(
          name,
        )}`;
    try {
      return await access.client.request('GET', path);
    } catch (error: any) {
      if (error?.statusCode === 404) return undefined;
      throw error;
    }
  };
}

/** Reads the canary (`status.currentPodHash`) and stable (`status.stableRS`) hashes from the cache. */
export function rolloutHashResolver(
  clusters: AnalysisClusterAccess,
): ResolveRolloutHashes {
  return async (cluster, namespace, name) => {
    const rollout = clusters.cluster(cluster)?.rollout(namespace, name);
    if (!rollout) return undefined;
    return {
      canaryHash: rollout.status?.currentPodHash,
      stableHash: rollout.status?.stableRS,
    };
  };
}

/** Builds the dry-run and judge services from config and the cluster cache. */
export function createAnalysisServices(options: {
  config: Config;
  clusters?: AnalysisClusterAccess;
}) {
  const config = readAnalysisConfig(options.config);
  const judge = new CanaryJudgeService({
    config,
    resolveRolloutHashes:
      options.clusters && rolloutHashResolver(options.clusters),
  });
  const dryRun = new AnalysisDryRunService({
    config,
    judge,
    getAnalysisTemplate: options.clusters && templateReader(options.clusters),
  });
  return { config, judge, dryRun };
}
