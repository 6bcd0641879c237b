import type {
  AnalysisRunSummary,
  ExperimentSummary,
  RolloutSummary,
} from '../types';
import type { KubeObject } from './kubeObjects';

type AbortCause = NonNullable<RolloutSummary['abortedByAnalysis']>;

const FAILED_PHASES = ['Failed', 'Error'];

function failedMetric(run: AnalysisRunSummary | undefined) {
  if (!run) return undefined;
  return (
    run.metrics.find(m => m.phase === 'Failed' && !m.dryRun) ??
    run.metrics.find(m => m.phase === 'Error' && !m.dryRun)
  );
}

/**
 * Why an aborted update was aborted, when an AnalysisRun decided it: the run
 * the rollout status points at (step, background, pre- or post-promotion)
 * with a Failed / Error status, else a failed run of the current revision
 * (including those of its experiments). Undefined when the rollout is not
 * aborted or was aborted by hand.
 */
export function getAbortedByAnalysis(
  rollout: KubeObject,
  analysisRuns: AnalysisRunSummary[],
  experiments: ExperimentSummary[],
  currentRevision: number | undefined,
): AbortCause | undefined {
  const status = rollout.status ?? {};
  if (!status.abort) {
    return undefined;
  }
  const allRuns = [
    ...analysisRuns,
    ...experiments.flatMap(e => e.analysisRuns),
  ];
  const pointers = [
    status.canary?.currentStepAnalysisRunStatus,
    status.canary?.currentBackgroundAnalysisRunStatus,
    status.blueGreen?.prePromotionAnalysisRunStatus,
    status.blueGreen?.postPromotionAnalysisRunStatus,
  ].filter((p: any) => p?.name && FAILED_PHASES.includes(p.status));

  for (const pointer of pointers) {
    const run = allRuns.find(r => r.name === pointer.name);
    const metric = failedMetric(run);
    return {
      analysisRun: pointer.name,
      ...(metric ? { metric: metric.name } : {}),
      message: pointer.message || run?.message || metric?.message || '',
    };
  }

  const experimentRuns = experiments
    .filter(
      e => currentRevision !== undefined && e.revision === currentRevision,
    )
    .flatMap(e => e.analysisRuns);
  const candidates = [
    ...analysisRuns.filter(
      r => currentRevision !== undefined && r.revision === currentRevision,
    ),
    ...experimentRuns,
  ];
  const run = candidates.find(r => FAILED_PHASES.includes(r.phase));
  if (!run) {
    return undefined;
  }
  const metric = failedMetric(run);
  return {
    analysisRun: run.name,
    ...(metric ? { metric: metric.name } : {}),
    message: run.message || metric?.message || '',
  };
}
