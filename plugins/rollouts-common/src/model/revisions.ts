import type {
  AnalysisRunSummary,
  ExperimentSummary,
  ReplicaSetInfo,
  RevisionInfo,
  RevisionTag,
} from '../types';

const TAG_ORDER: RevisionTag[] = [
  'stable',
  'canary',
  'active',
  'preview',
  'ping',
  'pong',
];

/**
 * `info.Revisions` grouped: every revision number found on the rollout's
 * ReplicaSets, experiments and AnalysisRuns (0 for objects without the
 * annotation), newest first, each with its objects in the info package's order.
 */
export function groupRevisions(
  replicaSets: ReplicaSetInfo[],
  experiments: ExperimentSummary[],
  analysisRuns: AnalysisRunSummary[],
  currentPodHash: string | undefined,
  currentRevision: number | undefined,
): RevisionInfo[] {
  const numbers = new Set<number>([
    ...replicaSets.map(rs => rs.revision),
    ...experiments.map(e => e.revision ?? 0),
    ...analysisRuns.map(r => r.revision ?? 0),
  ]);
  return [...numbers]
    .sort((a, b) => b - a)
    .map(revision => {
      const sets = replicaSets.filter(rs => rs.revision === revision);
      const tags = TAG_ORDER.filter(tag =>
        sets.some(rs => rs.tags.includes(tag)),
      );
      const current =
        sets.length > 0 && currentPodHash
          ? sets.some(rs => rs.podTemplateHash === currentPodHash)
          : revision === currentRevision;
      return {
        revision,
        podTemplateHash: sets[0]?.podTemplateHash ?? '',
        images: [...new Set(sets.flatMap(rs => rs.images))],
        tags,
        current,
        replicaSets: sets,
        experiments: experiments.filter(e => (e.revision ?? 0) === revision),
        analysisRuns: analysisRuns.filter(r => (r.revision ?? 0) === revision),
      };
    });
}
