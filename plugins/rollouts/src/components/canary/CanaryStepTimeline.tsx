import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import type {
  CanaryStepInfo,
  PauseConditionInfo,
} from '@gradual/plugin-rollouts-common';
import { Countdown } from '../status';

const KIND_LABELS: Record<CanaryStepInfo['kind'], string> = {
  setWeight: 'Set weight',
  pause: 'Pause',
  analysis: 'Analysis',
  experiment: 'Experiment',
  setCanaryScale: 'Canary scale',
  setHeaderRoute: 'Header route',
  setMirrorRoute: 'Mirror route',
  plugin: 'Plugin',
  unknown: 'Step',
};

function StepDetail(props: { step: CanaryStepInfo; pauseDeadline?: string }) {
  const { step, pauseDeadline } = props;
  const parts: string[] = [];
  if (step.templates?.length) {
    parts.push(`Templates: ${step.templates.join(', ')}`);
  }
  if (step.headerMatch) {
    parts.push(`Matches ${step.headerMatch}`);
  }
  return (
    <>
      {parts.length > 0 && (
        <Typography variant="caption" display="block" color="textSecondary">
          {parts.join(' · ')}
        </Typography>
      )}
      {step.kind === 'pause' && step.state === 'current' && (
        <Typography variant="caption" display="block">
          {pauseDeadline ? (
            <Countdown
              deadline={pauseDeadline}
              label="Continues"
              doneText="Pause elapsed; continuing"
            />
          ) : (
            'Paused until promoted'
          )}
        </Typography>
      )}
    </>
  );
}

/** The canary steps with done / current / pending state. */
export function CanaryStepTimeline(props: {
  steps: CanaryStepInfo[];
  pauseConditions: PauseConditionInfo[];
}) {
  const { steps, pauseConditions } = props;
  const current = steps.findIndex(s => s.state === 'current');
  const allDone = steps.length > 0 && steps.every(s => s.state === 'done');
  let activeStep = current;
  if (current < 0) {
    activeStep = allDone ? steps.length : -1;
  }
  const pauseDeadline = pauseConditions.find(
    p => p.reason === 'CanaryPauseStep' && p.deadline,
  )?.deadline;

  return (
    <Stepper
      activeStep={activeStep}
      orientation="vertical"
      aria-label="Canary steps"
      role="list"
      data-testid="canary-steps"
    >
      {steps.map(step => (
        <Step
          key={step.index}
          completed={step.state === 'done'}
          active={step.state === 'current'}
          data-testid={`canary-step-${step.index}`}
          data-state={step.state}
          role="listitem"
          aria-current={step.state === 'current' ? 'step' : undefined}
        >
          <StepLabel
            optional={<StepDetail step={step} pauseDeadline={pauseDeadline} />}
          >
            <span aria-label={`${KIND_LABELS[step.kind]} step, ${step.state}`}>
              {step.description}
            </span>
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}
