/*
 * Live Rollout → StrategySpec, so the change-strategy dialog can start from
 * what runs today. Fields the spec does not model are listed in
 * `unsupported`; planStrategyChange keeps them as they are (mergeStrategy)
 * as long as the strategy kind stays the same.
 */
import type {
  AnalysisSpec,
  CanaryStep,
  IstioRoutingSpec,
  IstioVirtualServiceSpec,
  StrategySpec,
  TrafficRoutingSpec,
} from './types';

type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SpecFromRollout {
  spec: StrategySpec | undefined;
  /**
   * Argo fields (paths) that the strategy spec cannot express. A new strategy
   * of the same kind keeps them unchanged; switching kind drops them.
   */
  unsupported: string[];
}

const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function analysisFromArgo(
  analysis: Unstructured,
  path: string,
  unsupported: string[],
): AnalysisSpec {
  const templates: string[] = [];
  (analysis?.templates ?? []).forEach((t: Unstructured, i: number) => {
    if (t?.clusterScope)
      unsupported.push(`${path}.templates[${i}].clusterScope`);
    if (t?.templateName) templates.push(t.templateName);
  });
  const args: Record<string, string> = {};
  for (const arg of analysis?.args ?? []) {
    // valueFrom args are the ones the generator adds itself
    if (arg?.name && arg.value !== undefined)
      args[arg.name] = String(arg.value);
  }
  for (const key of Object.keys(analysis ?? {})) {
    if (!['templates', 'args', 'startingStep'].includes(key)) {
      unsupported.push(`${path}.${key}`);
    }
  }
  return Object.keys(args).length ? { templates, args } : { templates };
}

function stepFromArgo(
  step: Unstructured,
  path: string,
  unsupported: string[],
): CanaryStep | undefined {
  if (typeof step?.setWeight === 'number') return { setWeight: step.setWeight };
  if (step?.pause) {
    return step.pause.duration === undefined
      ? { pause: {} }
      : { pause: { duration: step.pause.duration } };
  }
  if (step?.analysis) {
    return {
      analysis: analysisFromArgo(
        step.analysis,
        `${path}.analysis`,
        unsupported,
      ),
    };
  }
  if (step?.setCanaryScale)
    return { setCanaryScale: { ...step.setCanaryScale } };
  for (const kind of [
    'setHeaderRoute',
    'setMirrorRoute',
    'experiment',
    'plugin',
  ] as const) {
    if (step?.[kind] && typeof step[kind] === 'object') {
      return { [kind]: clone(step[kind]) } as CanaryStep;
    }
  }
  unsupported.push(path);
  return undefined;
}

const ISTIO_PATH = 'spec.strategy.canary.trafficRouting.istio';

function virtualServiceFromArgo(
  vs: Unstructured,
  path: string,
  unsupported: string[],
): IstioVirtualServiceSpec {
  for (const key of Object.keys(vs ?? {})) {
    if (!['name', 'routes'].includes(key)) unsupported.push(`${path}.${key}`);
  }
  return {
    name: String(vs?.name ?? ''),
    ...(Array.isArray(vs?.routes) ? { routes: vs.routes.map(String) } : {}),
  };
}

/** Istio host-level routing; a DestinationRule (subset routing) and TCP / TLS routes stay as they are. */
function istioFromArgo(
  istio: Unstructured,
  unsupported: string[],
): IstioRoutingSpec {
  const spec: IstioRoutingSpec = {};
  for (const key of Object.keys(istio ?? {})) {
    if (!['virtualService', 'virtualServices'].includes(key)) {
      unsupported.push(`${ISTIO_PATH}.${key}`);
    }
  }
  if (istio?.virtualService) {
    spec.virtualService = virtualServiceFromArgo(
      istio.virtualService,
      `${ISTIO_PATH}.virtualService`,
      unsupported,
    );
  }
  if (Array.isArray(istio?.virtualServices)) {
    spec.virtualServices = istio.virtualServices.map(
      (vs: Unstructured, i: number) =>
        virtualServiceFromArgo(
          vs,
          `${ISTIO_PATH}.virtualServices[${i}]`,
          unsupported,
        ),
    );
  }
  return spec;
}

function routingFromArgo(
  canary: Unstructured,
  unsupported: string[],
): TrafficRoutingSpec | undefined {
  const routing = canary.trafficRouting;
  if (!routing) return undefined;
  const spec: TrafficRoutingSpec = {};
  for (const key of Object.keys(routing)) {
    if (
      !['nginx', 'istio', 'managedRoutes', 'maxTrafficWeight'].includes(key)
    ) {
      unsupported.push(`spec.strategy.canary.trafficRouting.${key}`);
    }
  }
  if (routing.nginx) {
    const annotations: Record<string, string> = {};
    for (const [key, value] of Object.entries(
      routing.nginx.additionalIngressAnnotations ?? {},
    )) {
      annotations[
        key.startsWith(NGINX_PREFIX) ? key.slice(NGINX_PREFIX.length) : key
      ] = String(value);
    }
    const header = annotations['canary-by-header'];
    const segment = header
      ? {
          header,
          ...(annotations['canary-by-header-value']
            ? { value: annotations['canary-by-header-value'] }
            : {}),
          ...(annotations['canary-by-header-pattern']
            ? { pattern: annotations['canary-by-header-pattern'] }
            : {}),
        }
      : undefined;
    delete annotations['canary-by-header'];
    delete annotations['canary-by-header-value'];
    delete annotations['canary-by-header-pattern'];
    spec.nginx = {
      ...(routing.nginx.stableIngress
        ? { stableIngress: routing.nginx.stableIngress }
        : {}),
      ...(segment ? { headerSegment: segment } : {}),
      ...(Object.keys(annotations).length
        ? { additionalIngressAnnotations: annotations }
        : {}),
    };
    if (routing.nginx.stableIngresses) {
      unsupported.push(
        'spec.strategy.canary.trafficRouting.nginx.stableIngresses',
      );
    }
  }
  if (routing.istio) {
    spec.istio = istioFromArgo(routing.istio, unsupported);
  }
  if (routing.managedRoutes) {
    spec.managedRoutes = routing.managedRoutes.map(
      (r: Unstructured) => r?.name,
    );
  }
  if (routing.maxTrafficWeight !== undefined) {
    spec.maxTrafficWeight = routing.maxTrafficWeight;
  }
  return spec;
}

const CANARY_FIELDS = [
  'steps',
  'trafficRouting',
  'analysis',
  'stableService',
  'canaryService',
  'scaleDownDelaySeconds',
  'maxSurge',
  'maxUnavailable',
];
const BLUE_GREEN_FIELDS = [
  'activeService',
  'previewService',
  'autoPromotionEnabled',
  'autoPromotionSeconds',
  'prePromotionAnalysis',
  'postPromotionAnalysis',
  'scaleDownDelaySeconds',
  'previewReplicaCount',
];

/** Reads the strategy of a live (or generated) Rollout into a StrategySpec. */
export function strategySpecFromRollout(rollout: unknown): SpecFromRollout {
  const strategy = (rollout as Unstructured)?.spec?.strategy;
  const unsupported: string[] = [];
  if (strategy?.canary) {
    const canary = strategy.canary;
    for (const key of Object.keys(canary)) {
      if (!CANARY_FIELDS.includes(key))
        unsupported.push(`spec.strategy.canary.${key}`);
    }
    const steps = (Array.isArray(canary.steps) ? canary.steps : [])
      .map((s: Unstructured, i: number) =>
        stepFromArgo(s, `spec.strategy.canary.steps[${i}]`, unsupported),
      )
      .filter(Boolean) as CanaryStep[];
    const trafficRouting = routingFromArgo(canary, unsupported);
    const spec: StrategySpec = {
      strategy: 'canary',
      steps,
      ...(trafficRouting ? { trafficRouting } : {}),
    };
    if (canary.analysis) {
      spec.backgroundAnalysis = {
        ...analysisFromArgo(
          canary.analysis,
          'spec.strategy.canary.analysis',
          unsupported,
        ),
        ...(canary.analysis.startingStep !== undefined
          ? { startingStep: canary.analysis.startingStep }
          : {}),
      };
    }
    for (const key of [
      'scaleDownDelaySeconds',
      'maxSurge',
      'maxUnavailable',
    ] as const) {
      if (canary[key] !== undefined) spec[key] = canary[key];
    }
    return { spec, unsupported };
  }
  if (strategy?.blueGreen) {
    const blueGreen = strategy.blueGreen;
    for (const key of Object.keys(blueGreen)) {
      if (!BLUE_GREEN_FIELDS.includes(key)) {
        unsupported.push(`spec.strategy.blueGreen.${key}`);
      }
    }
    const spec: StrategySpec = { strategy: 'blueGreen' };
    for (const key of [
      'activeService',
      'previewService',
      'autoPromotionEnabled',
      'autoPromotionSeconds',
      'scaleDownDelaySeconds',
      'previewReplicaCount',
    ] as const) {
      if (blueGreen[key] !== undefined)
        (spec as Unstructured)[key] = blueGreen[key];
    }
    for (const key of [
      'prePromotionAnalysis',
      'postPromotionAnalysis',
    ] as const) {
      if (blueGreen[key]) {
        spec[key] = analysisFromArgo(
          blueGreen[key],
          `spec.strategy.blueGreen.${key}`,
          unsupported,
        );
      }
    }
    return { spec, unsupported };
  }
  return { spec: undefined, unsupported };
}
