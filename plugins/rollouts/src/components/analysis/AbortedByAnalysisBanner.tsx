import Link from '@material-ui/core/Link';
import Alert from '@material-ui/lab/Alert';
import {
  explainAnalysisAbort,
  type RolloutDetail,
} from '@gradual/plugin-rollouts-common';
import { analysisRunAnchor } from './AnalysisRunView';

/**
 * The one sentence saying which metric failed and by how much
 * (`explainAnalysisAbort` of rollouts-common, also used by the backend's
 * notification).
 */
export function describeAnalysisAbort(
  detail: RolloutDetail,
): string | undefined {
  const abort = detail.abortedByAnalysis;
  if (!abort) {
    return undefined;
  }
  return explainAnalysisAbort(abort, [
    ...detail.analysisRuns,
    ...detail.experiments.flatMap(e => e.analysisRuns),
  ]).sentence;
}

/** Banner shown when the controller aborted the update because analysis failed. */
export function AbortedByAnalysisBanner(props: { detail: RolloutDetail }) {
  const sentence = describeAnalysisAbort(props.detail);
  const abort = props.detail.abortedByAnalysis;
  if (!sentence || !abort) {
    return null;
  }
  return (
    <Alert severity="error" data-testid="aborted-by-analysis">
      {sentence}{' '}
      <Link href={`#${analysisRunAnchor(abort.analysisRun)}`}>
        See analysis run {abort.analysisRun}
      </Link>
    </Alert>
  );
}
