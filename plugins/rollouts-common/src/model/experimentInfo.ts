import type { AnalysisPhase, ExperimentSummary } from '../types';
import type { KubeObject } from './kubeObjects';
import { parseTime } from './kubeObjects';
import { ownerUid, parseRevision } from './conventions';
import { getReplicaSetInfos } from './replicaSetInfo';
import { getAnalysisRunSummaries } from './analysisRunInfo';

/** The objects of a namespace an experiment's children are looked up in. */
export interface ExperimentChildren {
  replicaSets: KubeObject[];
  pods: KubeObject[];
  analysisRuns: KubeObject[];
}

/** `NewExperimentInfo`: an Experiment with the ReplicaSets (and pods) and AnalysisRuns it owns. */
export function summarizeExperiment(
  experiment: KubeObject,
  children: ExperimentChildren,
): ExperimentSummary {
  const uid = experiment.metadata.uid;
  const summary: ExperimentSummary = {
    name: experiment.metadata.name,
    namespace: experiment.metadata.namespace ?? '',
    phase: (experiment.status?.phase || 'Pending') as AnalysisPhase,
    revision: parseRevision(experiment),
    createdAt: experiment.metadata.creationTimestamp,
    replicaSets: getReplicaSetInfos(
      uid,
      undefined,
      children.replicaSets,
      children.pods,
    ),
    analysisRuns: getAnalysisRunSummaries(uid, children.analysisRuns),
  };
  if (experiment.status?.message) summary.message = experiment.status.message;
  return summary;
}

/**
 * The experiments owned by a rollout, in the order of `getExperimentInfo`.
 * Its comparator ("newer revision first, else older first") is not a strict
 * order, so the result depends on the algorithm: Go's `sort.Slice` uses
 * insertion sort for up to 12 elements, which is what is done here.
 */
export function getExperimentSummaries(
  rolloutUid: string | undefined,
  allExperiments: KubeObject[],
  children: ExperimentChildren,
): ExperimentSummary[] {
  if (!rolloutUid) {
    return [];
  }
  const owners = new Set([rolloutUid]);
  const list = allExperiments
    .filter(exp => ownerUid(exp, owners) !== undefined)
    .map(exp => summarizeExperiment(exp, children));
  const less = (a: ExperimentSummary, b: ExperimentSummary) =>
    (a.revision ?? 0) > (b.revision ?? 0) ||
    (parseTime(a.createdAt) ?? 0) < (parseTime(b.createdAt) ?? 0);
  for (let i = 1; i < list.length; i++) {
    for (let j = i; j > 0 && less(list[j], list[j - 1]); j--) {
      [list[j], list[j - 1]] = [list[j - 1], list[j]];
    }
  }
  return list;
}
