import Typography from '@material-ui/core/Typography';
import type { StepProgress } from '@gradual/plugin-rollouts-common';

/**
 * "Step n/m" as `kubectl argo rollouts get` prints it (n = completed steps,
 * i.e. `status.currentStepIndex`); `data-testid="rollout-step"`.
 */
export function StepIndicator(props: { step: StepProgress | null }) {
  const { step } = props;
  if (!step) {
    return null;
  }
  const text = `Step ${step.index}/${step.count}`;
  return (
    <Typography
      component="span"
      variant="body2"
      data-testid="rollout-step"
      data-step-index={step.index}
      aria-label={`Step ${step.index} of ${step.count} done`}
    >
      {text}
    </Typography>
  );
}
