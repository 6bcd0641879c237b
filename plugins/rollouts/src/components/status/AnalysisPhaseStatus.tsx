import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { AnalysisPhase } from '@gradual/plugin-rollouts-common';
import { InlineStatus } from './InlineStatus';

function StatusFor(props: { phase: AnalysisPhase }) {
  const { phase } = props;
  switch (phase) {
    case 'Successful':
      return <StatusOK>{phase}</StatusOK>;
    case 'Failed':
      return <StatusError>{phase}</StatusError>;
    case 'Error':
      return <StatusAborted>{phase}</StatusAborted>;
    case 'Inconclusive':
      return <StatusWarning>{phase}</StatusWarning>;
    case 'Running':
      return <StatusRunning>{phase}</StatusRunning>;
    default:
      return <StatusPending>{phase}</StatusPending>;
  }
}

/** An AnalysisRun / metric / measurement phase with its status colour. */
export function AnalysisPhaseStatus(props: { phase?: AnalysisPhase }) {
  const phase = props.phase ?? 'Pending';
  return (
    <InlineStatus label={`Analysis ${phase}`}>
      <StatusFor phase={phase} />
    </InlineStatus>
  );
}
