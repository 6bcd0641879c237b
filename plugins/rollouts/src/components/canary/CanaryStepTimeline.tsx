import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import type {
  CanaryStepInfo,
  PauseConditionInfo,
  RolloutNetworking,
} from '@gradual/plugin-rollouts-common';
import { routeText } from '../networking';
import { Countdown } from '../status';

/** What the cluster has for a route step's managed route, next to the step. */
function WrittenRoute(props: {
  routeName: string;
  networking: RolloutNetworking;
}) {
  const { routeName, networking } = props;
  const services = networking.virtualServices ?? [];
  if (services.length === 0) return null;
  const written = services.flatMap(vs =>
    (vs.routes ?? [])
      .filter(r => r.name === routeName)
      .map(r => ({ vs: vs.name, route: r })),
  );
  return (
    <Typography
      variant="caption"
      display="block"
      data-testid={`step-route-${routeName}`}
      data-written={written.length > 0}
    >
      {written.length > 0
        ? written
            .map(
              w =>
                `VirtualService ${w.vs} has route ${routeName}: ${routeText(
                  w.route,
                )}`,
            )
            .join('; ')
        : `Route ${routeName} is not in the VirtualService now (the controller adds it when this step runs and removes managed routes when the update ends or aborts).`}
    </Typography>
  );
}

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

function StepDetail(props: {
  step: CanaryStepInfo;
  pauseDeadline?: string;
  networking?: RolloutNetworking;
}) {
  const { step, pauseDeadline, networking } = props;
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
      {step.routeName && networking && (
        <WrittenRoute routeName={step.routeName} networking={networking} />
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
  /** What the cluster has: shown next to the route steps. */
  networking?: RolloutNetworking;
}) {
  const { steps, pauseConditions, networking } = props;
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
            optional={
              <StepDetail
                step={step}
                pauseDeadline={pauseDeadline}
                networking={networking}
              />
            }
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
