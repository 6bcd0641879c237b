import type { CanaryStepInfo, StepKind } from '../types';
import type { KubeObject } from './kubeObjects';
import { durationSeconds, formatSeconds } from './durations';

/** `spec.strategy.canary.steps`, or [] */
export function canarySteps(rollout: KubeObject): any[] {
  const steps = rollout.spec?.strategy?.canary?.steps;
  return Array.isArray(steps) ? steps : [];
}

/**
 * `GetCurrentCanaryStep`: the step the rollout is at, and its index
 * (`status.currentStepIndex`, nil read as 0). The step is undefined when the
 * rollout is not a canary with steps, or when every step is done.
 */
export function getCurrentCanaryStep(rollout: KubeObject): {
  step: any | undefined;
  index: number | undefined;
} {
  const steps = canarySteps(rollout);
  if (!rollout.spec?.strategy?.canary || steps.length === 0) {
    return { step: undefined, index: undefined };
  }
  const index =
    typeof rollout.status?.currentStepIndex === 'number'
      ? rollout.status.currentStepIndex
      : 0;
  return { step: index < steps.length ? steps[index] : undefined, index };
}

/** `weightutil.MaxTrafficWeight`: `trafficRouting.maxTrafficWeight`, else 100. */
export function maxTrafficWeight(rollout: KubeObject): number {
  const max = rollout.spec?.strategy?.canary?.trafficRouting?.maxTrafficWeight;
  return typeof max === 'number' ? max : 100;
}

/**
 * `GetCurrentSetWeight`: the desired canary weight. 0 when aborted; the
 * maximum once all steps are done (or without steps); otherwise the last
 * `setWeight` at or before the current step, or 0.
 */
export function getCurrentSetWeight(rollout: KubeObject): number {
  if (rollout.status?.abort) {
    return 0;
  }
  const { step, index } = getCurrentCanaryStep(rollout);
  if (step === undefined || index === undefined) {
    return maxTrafficWeight(rollout);
  }
  const steps = canarySteps(rollout);
  for (let i = index; i >= 0; i--) {
    if (typeof steps[i]?.setWeight === 'number') {
      return steps[i].setWeight;
    }
  }
  return 0;
}

export function canaryStepKind(step: any): StepKind {
  if (!step || typeof step !== 'object') return 'unknown';
  if (step.setWeight !== undefined && step.setWeight !== null)
    return 'setWeight';
  if (step.pause) return 'pause';
  if (step.experiment) return 'experiment';
  if (step.analysis) return 'analysis';
  if (step.setCanaryScale) return 'setCanaryScale';
  if (step.plugin) return 'plugin';
  if (step.setHeaderRoute) return 'setHeaderRoute';
  if (step.setMirrorRoute) return 'setMirrorRoute';
  return 'unknown';
}

function templateNames(templates: unknown): string[] {
  if (!Array.isArray(templates)) return [];
  return templates
    .map((t: any) => t?.templateName ?? t?.name)
    .filter((name: unknown): name is string => typeof name === 'string');
}

function listText(names: string[]): string {
  return names.length > 0 ? `: ${names.join(', ')}` : '';
}

function headerMatchText(match: any[]): string | undefined {
  const parts = match
    .map((m: any) => {
      const value = m?.headerValue ?? {};
      const text = value.exact ?? value.prefix ?? value.regex;
      if (!m?.headerName) return undefined;
      if (value.prefix !== undefined) return `${m.headerName}: ${text}*`;
      if (value.regex !== undefined) return `${m.headerName} ~ ${text}`;
      return `${m.headerName}: ${text ?? ''}`;
    })
    .filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Describes one canary step in plain words, with the structured facts the UI needs. */
export function describeCanaryStep(
  step: any,
  index: number,
): Omit<CanaryStepInfo, 'state'> {
  const kind = canaryStepKind(step);
  const base = { index, kind };
  switch (kind) {
    case 'setWeight':
      return {
        ...base,
        weight: step.setWeight,
        description: `Set weight to ${step.setWeight}%`,
      };
    case 'pause': {
      const seconds =
        step.pause.duration === undefined || step.pause.duration === null
          ? undefined
          : durationSeconds(step.pause.duration);
      if (seconds === undefined) {
        return { ...base, description: 'Pause until promoted' };
      }
      return {
        ...base,
        durationSeconds: seconds,
        description: `Pause for ${formatSeconds(seconds)}`,
      };
    }
    case 'analysis': {
      const templates = templateNames(step.analysis.templates);
      return {
        ...base,
        templates,
        description: `Run analysis${listText(templates)}`,
      };
    }
    case 'experiment': {
      const templates = templateNames(step.experiment.templates);
      const analyses = templateNames(step.experiment.analyses);
      const seconds = step.experiment.duration
        ? durationSeconds(step.experiment.duration)
        : undefined;
      const duration =
        seconds !== undefined ? ` for ${formatSeconds(seconds)}` : '';
      const analysisText =
        analyses.length > 0 ? ` with analysis ${analyses.join(', ')}` : '';
      return {
        ...base,
        templates: [...templates, ...analyses],
        description: `Run experiment${listText(
          templates,
        )}${duration}${analysisText}`,
      };
    }
    case 'setCanaryScale': {
      const scale = step.setCanaryScale;
      if (typeof scale.weight === 'number') {
        return {
          ...base,
          weight: scale.weight,
          description: `Scale canary to ${scale.weight}% of replicas`,
        };
      }
      if (scale.matchTrafficWeight) {
        return {
          ...base,
          description: 'Scale canary to match the traffic weight',
        };
      }
      if (typeof scale.replicas === 'number') {
        return {
          ...base,
          description: `Scale canary to ${scale.replicas} replica${
            scale.replicas === 1 ? '' : 's'
          }`,
        };
      }
      return { ...base, description: 'Scale canary' };
    }
    case 'setHeaderRoute': {
      const route = step.setHeaderRoute;
      const match = Array.isArray(route.match)
        ? headerMatchText(route.match)
        : undefined;
      const named = route.name ? { routeName: String(route.name) } : {};
      if (!match) {
        return {
          ...base,
          ...named,
          description: `Remove header route ${route.name ?? ''}`.trim(),
        };
      }
      return {
        ...base,
        ...named,
        headerMatch: match,
        description: `Send requests with ${match} to the canary`,
      };
    }
    case 'setMirrorRoute': {
      const route = step.setMirrorRoute;
      const named = route.name ? { routeName: String(route.name) } : {};
      if (!Array.isArray(route.match) || route.match.length === 0) {
        return {
          ...base,
          ...named,
          description: `Remove mirror route ${route.name ?? ''}`.trim(),
        };
      }
      const percentage =
        typeof route.percentage === 'number' ? `${route.percentage}% of ` : '';
      return {
        ...base,
        ...named,
        description: `Mirror ${percentage}matching traffic to the canary (route ${
          route.name ?? ''
        })`,
      };
    }
    case 'plugin':
      return {
        ...base,
        description: `Run step plugin ${step.plugin.name ?? ''}`.trim(),
      };
    default:
      return { ...base, description: 'Unknown step' };
  }
}

/**
 * The canary steps with their state: steps before the current index are
 * done, the one at it is current, the rest pending. Once every step is done
 * (index = count) all are done.
 */
export function describeCanarySteps(rollout: KubeObject): CanaryStepInfo[] {
  const steps = canarySteps(rollout);
  if (!rollout.spec?.strategy?.canary || steps.length === 0) {
    return [];
  }
  const { index = 0 } = getCurrentCanaryStep(rollout);
  const stateOf = (i: number): CanaryStepInfo['state'] => {
    if (i < index) return 'done';
    return i === index ? 'current' : 'pending';
  };
  return steps.map((step, i) => ({
    ...describeCanaryStep(step, i),
    state: stateOf(i),
  }));
}
