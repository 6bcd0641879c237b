/*
 * The spec rules the Argo Rollouts controller enforces (it sets `InvalidSpec`
 * and stops) and `kubectl argo rollouts lint` reports, from
 * Argo Rollouts' spec validation
 * (https://github.com/argoproj/argo-rollouts/blob/v1.8.5/pkg/apis/rollouts/validation/validation.go).
 * Messages are upstream's, so
 * they match what users find in Argo's docs and issues.
 */
import { durationSeconds } from '../model/durations';
import type { Finding } from './types';

/* Rollouts are linted as unstructured data: live objects may hold anything. */
type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any

type Report = (rule: string, path: string, message: string) => void;

const STEP_TYPES = [
  'experiment',
  'pause',
  'setWeight',
  'analysis',
  'setCanaryScale',
  'setHeaderRoute',
  'setMirrorRoute',
  'plugin',
];

/** Argo's `DurationSeconds() < 0` check: unparsable or negative durations. */
function validPauseDuration(duration: unknown): boolean {
  if (duration === undefined || duration === null) return true;
  const seconds = durationSeconds(duration);
  return seconds !== undefined && seconds >= 0;
}

function intOrPercent(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return value;
  const s = String(value);
  return parseInt(s.endsWith('%') ? s.slice(0, -1) : s, 10) || 0;
}

function checkStringMatch(match: Unstructured, path: string, report: Report) {
  const set = ['exact', 'regex', 'prefix'].filter(k => match?.[k]);
  if (set.length === 0) {
    report(
      'upstream/string-match',
      path,
      'StringMatch value missed, match value must have one of the following: exact, regex, prefix',
    );
  } else if (set.length > 1) {
    report(
      'upstream/string-match',
      path,
      'StringMatch match value must have exactly one of the following: exact, regex, prefix',
    );
  }
}

function lintCanary(rollout: Unstructured, report: Report) {
  const canary = rollout.spec.strategy.canary;
  const base = 'spec.strategy.canary';
  const routing = canary.trafficRouting;

  if (
    intOrPercent(canary.maxSurge, 25) === 0 &&
    intOrPercent(canary.maxUnavailable, 25) === 0
  ) {
    report(
      'upstream/max-surge-unavailable',
      `${base}.maxSurge`,
      'MaxSurge and MaxUnavailable both can not be zero',
    );
  }
  if (
    canary.canaryService &&
    canary.stableService &&
    canary.canaryService === canary.stableService
  ) {
    report(
      'upstream/distinct-services',
      `${base}.stableService`,
      'This rollout uses the same service for the stable and canary services, but two different services are required.',
    );
  }
  const routerNeedsServices =
    routing &&
    (routing.nginx ||
      routing.smi ||
      routing.apisix ||
      routing.ambassador ||
      routing.appMesh ||
      routing.traefik ||
      (routing.alb && !canary.pingPong) ||
      (routing.istio && !routing.istio.destinationRule && !canary.pingPong));
  if (routerNeedsServices) {
    for (const field of ['stableService', 'canaryService']) {
      if (!canary[field]) {
        report(
          'upstream/traffic-routing-services',
          `${base}.${field}`,
          'Canary service and Stable service must to be set to use Traffic Routing',
        );
      }
    }
  }
  if (!routing) {
    if (canary.scaleDownDelaySeconds !== undefined) {
      report(
        'upstream/canary-scale-down-delay',
        `${base}.scaleDownDelaySeconds`,
        'Canary scaleDownDelaySeconds can only be used with traffic routing',
      );
    }
    if (canary.dynamicStableScale) {
      report(
        'upstream/dynamic-stable-scale',
        `${base}.dynamicStableScale`,
        'Canary dynamicStableScale can only be used with traffic routing',
      );
    }
  } else {
    if (
      canary.scaleDownDelaySeconds !== undefined &&
      canary.dynamicStableScale
    ) {
      report(
        'upstream/dynamic-stable-scale',
        `${base}.dynamicStableScale`,
        'Canary dynamicStableScale cannot be used with scaleDownDelaySeconds',
      );
    }
    if (
      routing.maxTrafficWeight !== undefined &&
      !routing.nginx &&
      !routing.plugins
    ) {
      report(
        'upstream/max-traffic-weight-router',
        `${base}.trafficRouting.maxTrafficWeight`,
        'Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins',
      );
    }
    if (routing.nginx) {
      const single = Boolean(routing.nginx.stableIngress);
      const multiple = Boolean(routing.nginx.stableIngresses?.length);
      if (single === multiple) {
        report(
          'upstream/nginx-stable-ingress',
          `${base}.trafficRouting.nginx`,
          `Either StableIngress or StableIngresses must be configured. ${
            single ? 'Both' : 'Neither'
          } are configured.`,
        );
      }
    }
  }

  const maxWeight: number = routing?.maxTrafficWeight ?? 100;
  const managedRoutes: string[] | undefined = routing?.managedRoutes?.map(
    (r: Unstructured) => r?.name,
  );
  (Array.isArray(canary.steps) ? canary.steps : []).forEach(
    (raw: Unstructured, i: number) => {
      const step: Unstructured = raw && typeof raw === 'object' ? raw : {};
      const path = `${base}.steps[${i}]`;
      const types = STEP_TYPES.filter(
        t => step?.[t] !== undefined && step?.[t] !== null,
      );
      const exclusive = ['setWeight', 'pause', 'experiment', 'analysis'].filter(
        t => types.includes(t),
      );
      if (types.length === 0 || exclusive.length > 1) {
        report(
          'upstream/step-type',
          path,
          'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause',
        );
      }
      if (
        step.setWeight !== undefined &&
        (typeof step.setWeight !== 'number' ||
          step.setWeight < 0 ||
          step.setWeight > maxWeight)
      ) {
        report(
          'upstream/set-weight-range',
          `${path}.setWeight`,
          `SetWeight needs to be between 0 and ${maxWeight}`,
        );
      }
      if (step.pause && !validPauseDuration(step.pause.duration)) {
        report(
          'upstream/pause-duration',
          `${path}.pause.duration`,
          `Duration needs to be greater than 0 (got '${step.pause.duration}'; use seconds or a duration such as 30s, 5m, 1h)`,
        );
      }
      if (step.setCanaryScale && !routing) {
        report(
          'upstream/set-canary-scale-routing',
          `${base}.trafficRouting`,
          'SetCanaryScale requires TrafficRouting to be set',
        );
      }
      if (step.setHeaderRoute) {
        if (
          !routing ||
          (!routing.istio &&
            !routing.alb &&
            !routing.apisix &&
            !routing.plugins)
        ) {
          report(
            'upstream/set-header-route-router',
            `${path}.setHeaderRoute`,
            `SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix${
              routing?.nginx
                ? ' (with nginx, route a header segment with the canary-by-header annotation instead)'
                : ''
            }`,
          );
        } else {
          (step.setHeaderRoute.match ?? []).forEach(
            (m: Unstructured, j: number) =>
              checkStringMatch(
                m?.headerValue,
                `${path}.setHeaderRoute.match[${j}]`,
                report,
              ),
          );
        }
      }
      if (
        step.setMirrorRoute &&
        (!routing || (!routing.istio && !routing.plugins))
      ) {
        report(
          'upstream/set-mirror-route-router',
          `${path}.setMirrorRoute`,
          'SetMirrorRoute requires TrafficRouting, supports Istio and Plugins',
        );
      }
      const routeName = step.setHeaderRoute?.name ?? step.setMirrorRoute?.name;
      if (routing && (step.setHeaderRoute || step.setMirrorRoute)) {
        if (!managedRoutes) {
          report(
            'upstream/managed-routes',
            `${base}.trafficRouting.managedRoutes`,
            "Rollout has missing field 'spec.strategy.canary.trafficRouting.managedRoutes'",
          );
        } else if (!managedRoutes.includes(routeName)) {
          report(
            'upstream/managed-routes',
            `${path}.${
              step.setHeaderRoute ? 'setHeaderRoute' : 'setMirrorRoute'
            }`,
            `Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes: '${routeName}'`,
          );
        }
      }
    },
  );
}

function lintBlueGreen(rollout: Unstructured, report: Report) {
  const blueGreen = rollout.spec.strategy.blueGreen;
  const base = 'spec.strategy.blueGreen';
  if (!blueGreen.activeService) {
    report(
      'upstream/active-service',
      `${base}.activeService`,
      "Rollout has missing field '.spec.strategy.blueGreen.activeService'",
    );
  }
  if (blueGreen.activeService === blueGreen.previewService) {
    report(
      'upstream/distinct-services',
      `${base}.activeService`,
      'This rollout uses the same service for the active and preview services, but two different services are required.',
    );
  }
  const revisionHistoryLimit = rollout.spec.revisionHistoryLimit ?? 10;
  if (
    blueGreen.scaleDownDelayRevisionLimit !== undefined &&
    revisionHistoryLimit < blueGreen.scaleDownDelayRevisionLimit
  ) {
    report(
      'upstream/scale-down-revision-limit',
      `${base}.scaleDownDelayRevisionLimit`,
      "This rollout's revision history limit can not be smaller than the rollout's scale down limit",
    );
  }
}

function lintSelector(rollout: Unstructured, report: Report) {
  const spec = rollout.spec;
  if (spec.workloadRef) return;
  const matchLabels: Record<string, string> = spec.selector?.matchLabels ?? {};
  const expressions: unknown[] = spec.selector?.matchExpressions ?? [];
  if (!spec.selector) {
    report(
      'upstream/selector',
      'spec.selector',
      "Rollout has missing field '.spec.selector'",
    );
    return;
  }
  if (Object.keys(matchLabels).length + expressions.length === 0) {
    report(
      'upstream/selector',
      'spec.selector',
      'empty selector is invalid for deployment',
    );
    return;
  }
  const labels: Record<string, string> = spec.template?.metadata?.labels ?? {};
  const mismatched = Object.entries(matchLabels).filter(
    ([k, v]) => labels[k] !== v,
  );
  if (mismatched.length) {
    report(
      'upstream/selector',
      'spec.template.metadata.labels',
      `\`selector\` does not match template \`labels\` (${mismatched
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')})`,
    );
  }
}

/** Runs the upstream rules on a Rollout object. */
export function lintUpstream(rollout: Unstructured): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (rule, path, message) =>
    findings.push({ rule, severity: 'error', path, message });
  const spec = rollout?.spec;
  if (!spec || typeof spec !== 'object') {
    report('upstream/spec', 'spec', "Rollout has missing field '.spec'");
    return findings;
  }
  lintSelector(rollout, report);
  if ((spec.replicas ?? 1) < 0) {
    report(
      'upstream/replicas',
      'spec.replicas',
      'must be greater than or equal to 0',
    );
  }
  const progressDeadline = spec.progressDeadlineSeconds ?? 600;
  if (progressDeadline <= (spec.minReadySeconds ?? 0)) {
    report(
      'upstream/progress-deadline',
      'spec.progressDeadlineSeconds',
      'must be greater than minReadySeconds',
    );
  }
  const strategy = spec.strategy ?? {};
  if (!strategy.canary && !strategy.blueGreen) {
    report(
      'upstream/strategy',
      'spec.strategy',
      "Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'",
    );
  } else if (strategy.canary && strategy.blueGreen) {
    report(
      'upstream/strategy',
      'spec.strategy',
      'Multiple Strategies can not be listed',
    );
  } else if (strategy.blueGreen) {
    lintBlueGreen(rollout, report);
  } else {
    lintCanary(rollout, report);
  }
  return findings;
}
