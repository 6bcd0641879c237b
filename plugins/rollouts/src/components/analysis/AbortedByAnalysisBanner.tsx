import Link from '@material-ui/core/Link';
import Alert from '@material-ui/lab/Alert';
import type { RolloutDetail } from '@gradual/plugin-rollouts-common';
import { analysisRunAnchor } from './AnalysisRunView';
import {
  formatNumber,
  parseMeasurementValue,
  parseThreshold,
} from './thresholds';

/** The one sentence saying which metric failed and by how much. */
export function describeAnalysisAbort(detail: RolloutDetail): string | undefined {
  const abort = detail.abortedByAnalysis;
  if (!abort) {
    return undefined;
  }
  const run = detail.analysisRuns.find(r => r.name === abort.analysisRun);
  const metric =
    run?.metrics.find(m => m.name === abort.metric) ??
    run?.metrics.find(m => m.phase === 'Failed' || m.phase === 'Error');
  if (!metric) {
    return `The rollout was aborted by analysis run ${abort.analysisRun}: ${abort.message}`;
  }
  const lastFailed = [...metric.measurements]
    .reverse()
    .find(m => m.phase === 'Failed' || m.phase === 'Error');
  const value = parseMeasurementValue(lastFailed?.value);
  const success = parseThreshold(metric.successCondition);
  const failure = parseThreshold(metric.failureCondition);
  const counts = `${metric.counts.failed} failed measurement${
    metric.counts.failed === 1 ? '' : 's'
  }, limit ${metric.failureLimit}`;
  if (value !== undefined && (success || failure)) {
    const threshold = success ?? failure!;
    const diff = Math.abs(value - threshold.value);
    const side = value < threshold.value ? 'below' : 'above';
    const rule = success ? 'required' : 'failure threshold';
    return `The rollout was aborted because metric ${metric.name} measured ${formatNumber(
      value,
    )}, ${formatNumber(diff)} ${side} the ${rule} ${threshold.operator} ${formatNumber(
      threshold.value,
    )} (${counts}).`;
  }
  return `The rollout was aborted because metric ${metric.name} failed (${counts})${
    lastFailed?.value ? `; last value ${lastFailed.value}` : ''
  }.`;
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
