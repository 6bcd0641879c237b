import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { RolloutPhase } from '@gradual/plugin-rollouts-common';
import { InlineStatus } from './InlineStatus';

/** The rollout phase with the portal's status colour; `data-testid="rollout-phase"`. */
export function PhaseBadge(props: { phase: RolloutPhase; aborted?: boolean }) {
  const { phase, aborted } = props;
  const label = aborted && phase === 'Degraded' ? 'Degraded (aborted)' : phase;
  let status: JSX.Element;
  switch (phase) {
    case 'Healthy':
      status = <StatusOK>{label}</StatusOK>;
      break;
    case 'Degraded':
      status = <StatusError>{label}</StatusError>;
      break;
    case 'Progressing':
      status = <StatusRunning>{label}</StatusRunning>;
      break;
    case 'Paused':
      status = <StatusPending>{label}</StatusPending>;
      break;
    default:
      status = <StatusWarning>{label}</StatusWarning>;
  }
  return (
    <InlineStatus
      label={`Phase: ${label}`}
      testId="rollout-phase"
      dataAttributes={{ 'data-phase': phase }}
    >
      {status}
    </InlineStatus>
  );
}
