/*
 * Live `spec.strategy` + the strategy generated from a StrategySpec → the
 * strategy to write, and the canonical form both are compared in.
 *
 * The spec models part of Argo's strategy only. The keys it manages (steps,
 * analysis templates / args / startingStep, the blue-green fields the dialog
 * edits, the traffic routing it generates) come from the generated strategy;
 * every other live key (abortScaleDownDelaySeconds, dynamicStableScale,
 * canaryMetadata, antiAffinity, analysisRunMetadata, other traffic routers,
 * nginx fields it does not know, ...) is kept as it is. Switching between
 * canary and blue-green starts from the generated strategy alone.
 */
import { isBuiltInAnalysisTemplate } from './analysisTemplates';
import type { StrategySpec } from './types';

type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Obj = Record<string, Unstructured>;

const isObject = (value: unknown): value is Obj =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);

const clone = <T>(value: T): T =>
  value === undefined ? value : JSON.parse(JSON.stringify(value));

/** Sets `key` to the generated value, or removes it when not generated. */
function take(target: Obj, generated: Obj, key: string) {
  if (generated[key] === undefined) delete target[key];
  else target[key] = generated[key];
}

/** The spec's value when it has one, else the live one (fields the dialog does not edit). */
function takeIfSet(target: Obj, generated: Obj, key: string) {
  if (generated[key] !== undefined) target[key] = generated[key];
}

function mergeTemplates(live: Unstructured, generated: Unstructured[]) {
  const byName = new Map<string, Obj>();
  for (const t of Array.isArray(live) ? live : []) {
    if (isObject(t) && typeof t.templateName === 'string') {
      byName.set(t.templateName, t);
    }
  }
  // keeps clusterScope and other per-template fields of the live reference
  return generated.map(t => ({ ...byName.get(t.templateName), ...t }));
}

function mergeArgs(
  live: Unstructured,
  generated: Unstructured[] | undefined,
  templates: Unstructured[],
): Obj[] {
  const liveArgs: Obj[] = (Array.isArray(live) ? live : []).filter(isObject);
  const wanted = new Map<string, Obj>();
  for (const arg of generated ?? []) wanted.set(arg.name, arg);
  // valueFrom args of templates the generator knows nothing about: the spec
  // cannot express them (its args are plain values), so they stay.
  const customTemplates = templates.some(
    t => t?.clusterScope || !isBuiltInAnalysisTemplate(t?.templateName),
  );
  const result: Obj[] = [];
  for (const arg of liveArgs) {
    const name = arg.name;
    if (wanted.has(name)) {
      result.push(wanted.get(name)!);
      wanted.delete(name);
    } else if (customTemplates && arg.valueFrom !== undefined) {
      result.push(arg);
    }
  }
  // new args after the live ones, in the generated order
  return [...result, ...wanted.values()];
}

/** Generated analysis (templates, args, startingStep) onto the live one (other keys kept). */
function mergeAnalysis(live: Unstructured, generated: Obj): Obj {
  if (!isObject(live)) return generated;
  const merged: Obj = { ...live };
  merged.templates = mergeTemplates(live.templates, generated.templates ?? []);
  const args = mergeArgs(live.args, generated.args, merged.templates);
  if (args.length) merged.args = args;
  else delete merged.args;
  take(merged, generated, 'startingStep');
  return merged;
}

function mergeSteps(live: Unstructured, generated: Obj[]): Obj[] {
  const liveSteps: Unstructured[] = Array.isArray(live) ? live : [];
  return generated.map((step, i) => {
    const before = liveSteps[i];
    if (isObject(step.analysis) && isObject(before?.analysis)) {
      const { startingStep: _ignored, ...analysis } = mergeAnalysis(
        before.analysis,
        step.analysis,
      );
      return { ...step, analysis };
    }
    return step;
  });
}

const ROUTING_MANAGED = ['nginx', 'istio', 'managedRoutes', 'maxTrafficWeight'];
/** Canary fields Argo accepts with traffic routing only. */
const ROUTING_ONLY = [
  'scaleDownDelaySeconds',
  'scaleDownDelayRevisionLimit',
  'dynamicStableScale',
];

/** A generated VirtualService reference onto the live one (tcpRoutes, tlsRoutes kept). */
function mergeVirtualService(live: Unstructured, generated: Obj): Obj {
  const merged: Obj = { ...(isObject(live) ? live : {}), ...generated };
  if (generated.routes === undefined) delete merged.routes;
  return merged;
}

/** Generated Istio routing onto the live one (destinationRule and other keys kept). */
function mergeIstio(live: Unstructured, generated: Obj): Obj {
  if (!isObject(live)) return generated;
  const merged: Obj = { ...live };
  if (generated.virtualService) {
    merged.virtualService = mergeVirtualService(
      live.virtualService,
      generated.virtualService,
    );
  } else {
    delete merged.virtualService;
  }
  if (generated.virtualServices) {
    const liveList: Unstructured[] = Array.isArray(live.virtualServices)
      ? live.virtualServices
      : [];
    merged.virtualServices = generated.virtualServices.map((vs: Obj) =>
      mergeVirtualService(
        liveList.find(l => l?.name === vs.name),
        vs,
      ),
    );
  } else {
    delete merged.virtualServices;
  }
  return merged;
}

function mergeRouting(live: Unstructured, generated: Obj, spec: StrategySpec) {
  if (!isObject(live)) return generated;
  const merged: Obj = { ...live };
  for (const key of ROUTING_MANAGED) take(merged, generated, key);
  if (isObject(merged.nginx) && isObject(live.nginx)) {
    const nginx: Obj = { ...live.nginx, ...merged.nginx };
    if (!merged.nginx.additionalIngressAnnotations) {
      delete nginx.additionalIngressAnnotations;
    }
    // a live rollout that names several stable Ingresses keeps doing so
    const specIngress =
      spec.strategy === 'canary' &&
      spec.trafficRouting?.nginx?.stableIngress !== undefined;
    if (
      !live.nginx.stableIngress &&
      live.nginx.stableIngresses &&
      !specIngress
    ) {
      delete nginx.stableIngress;
    }
    merged.nginx = nginx;
  }
  if (isObject(merged.istio)) {
    merged.istio = mergeIstio(live.istio, merged.istio);
  }
  return merged;
}

function mergeCanary(live: Obj, generated: Obj, spec: StrategySpec): Obj {
  const merged: Obj = { ...live };
  merged.steps = mergeSteps(live.steps, generated.steps ?? []);
  if (generated.analysis) {
    merged.analysis = mergeAnalysis(live.analysis, generated.analysis);
  } else {
    delete merged.analysis;
  }
  if (generated.trafficRouting) {
    merged.trafficRouting = mergeRouting(
      live.trafficRouting,
      generated.trafficRouting,
      spec,
    );
  } else {
    delete merged.trafficRouting;
    if (live.trafficRouting) {
      for (const key of ROUTING_ONLY) delete merged[key];
    }
  }
  // Services are generated with traffic routing; without it the live ones stay.
  for (const key of [
    'stableService',
    'canaryService',
    'scaleDownDelaySeconds',
    'maxSurge',
    'maxUnavailable',
  ]) {
    takeIfSet(merged, generated, key);
  }
  return merged;
}

const BLUE_GREEN_MANAGED = [
  'activeService',
  'previewService',
  'autoPromotionEnabled',
  'autoPromotionSeconds',
  'scaleDownDelaySeconds',
];

function mergeBlueGreen(live: Obj, generated: Obj): Obj {
  const merged: Obj = { ...live };
  for (const key of BLUE_GREEN_MANAGED) take(merged, generated, key);
  for (const key of ['prePromotionAnalysis', 'postPromotionAnalysis']) {
    if (generated[key]) {
      merged[key] = mergeAnalysis(live[key], generated[key]);
    } else {
      delete merged[key];
    }
  }
  takeIfSet(merged, generated, 'previewReplicaCount');
  return merged;
}

/**
 * The strategy to write: `generated` (strategyToArgo of `spec`) for the keys
 * the spec manages, the live strategy for every other key. Neither input is
 * changed.
 */
export function mergeStrategy(
  liveStrategy: unknown,
  generated: Record<string, unknown>,
  spec: StrategySpec,
): Record<string, unknown> {
  const live: Unstructured = clone(liveStrategy);
  const gen: Unstructured = clone(generated);
  if (spec.strategy === 'canary' && isObject(live?.canary)) {
    return { canary: mergeCanary(live.canary, gen.canary, spec) };
  }
  if (spec.strategy === 'blueGreen' && isObject(live?.blueGreen)) {
    return { blueGreen: mergeBlueGreen(live.blueGreen, gen.blueGreen) };
  }
  return gen;
}

/** Keys whose empty value (`{}`) means something: the kind, a pause without duration, a router. */
const MEANINGFUL_EMPTY = new Set(['canary', 'blueGreen', 'trafficRouting']);

const byText =
  (key: (item: Unstructured) => string) => (a: unknown, b: unknown) =>
    key(a).localeCompare(key(b));
/** Lists whose order Argo ignores, and the key they are compared by. */
const UNORDERED: Record<string, (item: Unstructured) => string> = {
  args: item => String(item?.name),
  templates: item =>
    `${item?.templateName ?? item?.name}/${item?.clusterScope ? 1 : 0}`,
  managedRoutes: item => String(item?.name),
};

function canonical(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map(item => canonical(item, `${key}[]`));
    return UNORDERED[key] ? [...items].sort(byText(UNORDERED[key])) : items;
  }
  if (isObject(value)) {
    const result: Obj = {};
    for (const child of Object.keys(value).sort()) {
      const v = canonical(value[child], child);
      const empty =
        v === undefined ||
        v === null ||
        (Array.isArray(v) && v.length === 0) ||
        (isObject(v) && Object.keys(v).length === 0);
      // a step's kind (`pause: {}`) and a traffic router (`smi: {}`) stay
      const meaningful =
        MEANINGFUL_EMPTY.has(child) ||
        key === 'steps[]' ||
        key === 'trafficRouting';
      if (!empty || (meaningful && v !== undefined && v !== null)) {
        result[child] = v;
      }
    }
    return result;
  }
  return value;
}

/**
 * `spec.strategy` in the form two strategies are compared and diffed in:
 * keys sorted, empty server defaults (`analysisRunMetadata: {}`,
 * `metadata: {}`, `args: []`) left out, analysis args and templates sorted
 * by name (their order means nothing to Argo). Steps keep their order.
 */
export function canonicalStrategy(strategy: unknown): Record<string, unknown> {
  return (canonical(strategy ?? {}, '') as Record<string, unknown>) ?? {};
}

/** Whether two `spec.strategy` values mean the same to Argo (see canonicalStrategy). */
export function sameStrategy(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(canonicalStrategy(a)) ===
    JSON.stringify(canonicalStrategy(b))
  );
}
