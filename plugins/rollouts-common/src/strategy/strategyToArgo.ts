/*
 * Strategy spec → Argo `spec.strategy`. Pure; shared by the generator (new
 * services) and planStrategyChange (live rollouts).
 */
import { ROLLOUT_ANALYSIS_ARGS, rolloutArgsFor } from './analysisTemplates';
import type {
  AnalysisSpec,
  BlueGreenStrategySpec,
  CanaryStep,
  CanaryStrategySpec,
  IstioRoutingSpec,
  IstioVirtualServiceSpec,
  StrategySpec,
} from './types';

const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/** The resource names a strategy refers to, derived from the service name. */
export interface StrategyNames {
  stableService: string;
  canaryService: string;
  stableIngress: string;
  activeService: string;
  previewService: string;
}

export function strategyNames(
  serviceName: string,
  spec: StrategySpec,
): StrategyNames {
  return {
    stableService: `${serviceName}-stable`,
    canaryService: `${serviceName}-canary`,
    stableIngress:
      (spec.strategy === 'canary' &&
        spec.trafficRouting?.nginx?.stableIngress) ||
      serviceName,
    activeService:
      (spec.strategy === 'blueGreen' && spec.activeService) ||
      `${serviceName}-active`,
    previewService:
      (spec.strategy === 'blueGreen' && spec.previewService) ||
      `${serviceName}-preview`,
  };
}

/** Argo `RolloutAnalysis`: template refs plus the args the templates need. */
export function analysisToArgo(analysis: AnalysisSpec) {
  const argNames = new Set(analysis.templates.flatMap(rolloutArgsFor));
  const args: Array<Record<string, unknown>> = [...argNames].map(name => ({
    name,
    ...ROLLOUT_ANALYSIS_ARGS[name],
  }));
  for (const [name, value] of Object.entries(analysis.args ?? {})) {
    const existing = args.findIndex(a => a.name === name);
    if (existing >= 0) args.splice(existing, 1);
    args.push({ name, value: String(value) });
  }
  return {
    templates: analysis.templates.map(templateName => ({ templateName })),
    ...(args.length ? { args } : {}),
  };
}

function stepToArgo(step: CanaryStep): Record<string, unknown> {
  if ('analysis' in step) return { analysis: analysisToArgo(step.analysis) };
  if ('pause' in step) {
    return step.pause.duration === undefined
      ? { pause: {} }
      : { pause: { duration: step.pause.duration } };
  }
  return { ...step };
}

function canaryToArgo(
  spec: CanaryStrategySpec,
  names: StrategyNames,
): Record<string, unknown> {
  const canary: Record<string, unknown> = {};
  const routing = spec.trafficRouting;
  if (routing) {
    canary.stableService = names.stableService;
    canary.canaryService = names.canaryService;
    const trafficRouting: Record<string, unknown> = {};
    if (routing.nginx) {
      const annotations: Record<string, string> = {
        ...routing.nginx.additionalIngressAnnotations,
      };
      const segment = routing.nginx.headerSegment;
      if (segment) {
        annotations['canary-by-header'] = segment.header;
        if (segment.value)
          annotations['canary-by-header-value'] = segment.value;
        if (segment.pattern) {
          annotations['canary-by-header-pattern'] = segment.pattern;
        }
      }
      trafficRouting.nginx = {
        stableIngress: names.stableIngress,
        ...(Object.keys(annotations).length
          ? { additionalIngressAnnotations: stripPrefix(annotations) }
          : {}),
      };
    }
    if (routing.istio) {
      trafficRouting.istio = istioToArgo(routing.istio);
    }
    if (routing.managedRoutes?.length) {
      trafficRouting.managedRoutes = routing.managedRoutes.map(name => ({
        name,
      }));
    }
    if (routing.maxTrafficWeight !== undefined) {
      trafficRouting.maxTrafficWeight = routing.maxTrafficWeight;
    }
    canary.trafficRouting = trafficRouting;
  }
  if (spec.maxSurge !== undefined) canary.maxSurge = spec.maxSurge;
  if (spec.maxUnavailable !== undefined) {
    canary.maxUnavailable = spec.maxUnavailable;
  }
  if (spec.scaleDownDelaySeconds !== undefined) {
    canary.scaleDownDelaySeconds = spec.scaleDownDelaySeconds;
  }
  if (spec.backgroundAnalysis) {
    const { startingStep, ...analysis } = spec.backgroundAnalysis;
    canary.analysis = {
      ...analysisToArgo(analysis),
      ...(startingStep !== undefined ? { startingStep } : {}),
    };
  }
  canary.steps = spec.steps.map(stepToArgo);
  return canary;
}

const virtualServiceToArgo = (vs: IstioVirtualServiceSpec) => ({
  name: vs.name,
  ...(vs.routes ? { routes: [...vs.routes] } : {}),
});

function istioToArgo(istio: IstioRoutingSpec): Record<string, unknown> {
  return {
    ...(istio.virtualService
      ? { virtualService: virtualServiceToArgo(istio.virtualService) }
      : {}),
    ...(istio.virtualServices
      ? { virtualServices: istio.virtualServices.map(virtualServiceToArgo) }
      : {}),
  };
}

/** Argo keeps the keys of `additionalIngressAnnotations` without the nginx prefix. */
function stripPrefix(annotations: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(annotations).map(([k, v]) => [
      k.startsWith(NGINX_PREFIX) ? k.slice(NGINX_PREFIX.length) : k,
      v,
    ]),
  );
}

function blueGreenToArgo(
  spec: BlueGreenStrategySpec,
  names: StrategyNames,
): Record<string, unknown> {
  const blueGreen: Record<string, unknown> = {
    activeService: names.activeService,
    previewService: names.previewService,
  };
  if (spec.autoPromotionEnabled !== undefined) {
    blueGreen.autoPromotionEnabled = spec.autoPromotionEnabled;
  }
  if (spec.autoPromotionSeconds !== undefined) {
    blueGreen.autoPromotionSeconds = spec.autoPromotionSeconds;
  }
  if (spec.prePromotionAnalysis) {
    blueGreen.prePromotionAnalysis = analysisToArgo(spec.prePromotionAnalysis);
  }
  if (spec.postPromotionAnalysis) {
    blueGreen.postPromotionAnalysis = analysisToArgo(
      spec.postPromotionAnalysis,
    );
  }
  if (spec.scaleDownDelaySeconds !== undefined) {
    blueGreen.scaleDownDelaySeconds = spec.scaleDownDelaySeconds;
  }
  if (spec.previewReplicaCount !== undefined) {
    blueGreen.previewReplicaCount = spec.previewReplicaCount;
  }
  return blueGreen;
}

/**
 * The Argo `spec.strategy` object for a strategy spec. `nameOverrides` keeps
 * the Service / Ingress names of an existing rollout.
 */
export function strategyToArgo(
  spec: StrategySpec,
  serviceName: string,
  nameOverrides: Partial<StrategyNames> = {},
): Record<string, unknown> {
  const names = { ...strategyNames(serviceName, spec), ...nameOverrides };
  return spec.strategy === 'canary'
    ? { canary: canaryToArgo(spec, names) }
    : { blueGreen: blueGreenToArgo(spec, names) };
}

/** Every analysis template name a strategy spec refers to. */
export function referencedAnalysisTemplates(spec: StrategySpec): string[] {
  const names: string[] = [];
  if (spec.strategy === 'canary') {
    for (const step of spec.steps) {
      if ('analysis' in step) names.push(...step.analysis.templates);
    }
    if (spec.backgroundAnalysis)
      names.push(...spec.backgroundAnalysis.templates);
  } else {
    names.push(...(spec.prePromotionAnalysis?.templates ?? []));
    names.push(...(spec.postPromotionAnalysis?.templates ?? []));
  }
  return [...new Set(names)];
}
