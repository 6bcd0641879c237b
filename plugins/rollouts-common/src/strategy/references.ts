/*
 * The objects an Argo Rollout `spec.strategy` names, by the Rollout CRD's
 * field names: the one walker of a strategy's references, used by the
 * reference lint rules, the strategy plan (which objects to fetch) and the
 * networking summary of the detail view.
 */

/** What a referenced object is for. */
export type StrategyReferenceRole =
  | 'stable'
  | 'canary'
  | 'active'
  | 'preview'
  | 'analysis';

/** One object `spec.strategy` names (in the Rollout's namespace). */
export interface StrategyObjectReference {
  /** The referenced object's kind. */
  kind: 'Service' | 'Ingress' | 'AnalysisTemplate';
  /** The referenced object's name. */
  name: string;
  /** What the object is for. */
  role: StrategyReferenceRole;
  /** The field that names it, e.g. `spec.strategy.canary.trafficRouting.nginx.stableIngresses`. */
  path: string;
  /** For Ingresses: the traffic router that manages it. */
  router?: 'nginx' | 'alb';
}

type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const names = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (n): n is string => typeof n === 'string' && n.length > 0,
  );

/**
 * Every Service, Ingress and namespaced AnalysisTemplate `strategy` names, in
 * field order, each once per field. Nginx: `stableIngress` and/or
 * `stableIngresses`; ALB: `ingress` and/or `ingresses`.
 */
export function strategyObjectReferences(
  argoStrategy: unknown,
): StrategyObjectReference[] {
  const strategy = argoStrategy as Unstructured;
  const refs: StrategyObjectReference[] = [];
  const add = (
    kind: StrategyObjectReference['kind'],
    role: StrategyReferenceRole,
    path: string,
    value: unknown,
    router?: StrategyObjectReference['router'],
  ) => {
    for (const name of names(value)) {
      refs.push({ kind, name, role, path, ...(router ? { router } : {}) });
    }
  };
  const addAnalysis = (analysis: Unstructured, path: string) => {
    (analysis?.templates ?? []).forEach((t: Unstructured, i: number) => {
      if (!t?.clusterScope) {
        add(
          'AnalysisTemplate',
          'analysis',
          `${path}.templates[${i}].templateName`,
          t?.templateName,
        );
      }
    });
  };
  const canary = strategy?.canary;
  const blueGreen = strategy?.blueGreen;
  if (canary) {
    const c = 'spec.strategy.canary';
    add('Service', 'stable', `${c}.stableService`, canary.stableService);
    add('Service', 'canary', `${c}.canaryService`, canary.canaryService);
    const nginx = canary.trafficRouting?.nginx;
    const n = `${c}.trafficRouting.nginx`;
    add(
      'Ingress',
      'stable',
      `${n}.stableIngress`,
      nginx?.stableIngress,
      'nginx',
    );
    add(
      'Ingress',
      'stable',
      `${n}.stableIngresses`,
      nginx?.stableIngresses,
      'nginx',
    );
    const alb = canary.trafficRouting?.alb;
    const a = `${c}.trafficRouting.alb`;
    add('Ingress', 'stable', `${a}.ingress`, alb?.ingress, 'alb');
    add('Ingress', 'stable', `${a}.ingresses`, alb?.ingresses, 'alb');
    addAnalysis(canary.analysis, `${c}.analysis`);
    (canary.steps ?? []).forEach((step: Unstructured, i: number) =>
      addAnalysis(step?.analysis, `${c}.steps[${i}].analysis`),
    );
  }
  if (blueGreen) {
    const b = 'spec.strategy.blueGreen';
    add('Service', 'active', `${b}.activeService`, blueGreen.activeService);
    add('Service', 'preview', `${b}.previewService`, blueGreen.previewService);
    addAnalysis(blueGreen.prePromotionAnalysis, `${b}.prePromotionAnalysis`);
    addAnalysis(blueGreen.postPromotionAnalysis, `${b}.postPromotionAnalysis`);
  }
  return refs;
}
