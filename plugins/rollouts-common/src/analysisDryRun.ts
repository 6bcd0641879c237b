/*
 * The contract of `POST /api/rollouts/analysis/dry-run` (backend
 * AnalysisDryRunService, frontend RolloutsClient.dryRunAnalysis).
 */

import { parseAllDocuments } from 'yaml';

/** One argument value (`{{args.name}}`). */
export interface AnalysisArgValue {
  name: string;
  value: string;
}

export interface AnalysisDryRunRequest {
  /** The Backstage cluster name: its configured Prometheus is queried. */
  cluster: string;
  /** Namespace of a named AnalysisTemplate; without it, `name` is a ClusterAnalysisTemplate. */
  namespace?: string;
  /** Inline AnalysisTemplate YAML, or the name of a template in the cluster. */
  template: string | { name: string };
  args?: AnalysisArgValue[];
}

export type AnalysisDryRunPhase =
  | 'Successful'
  | 'Failed'
  | 'Inconclusive'
  | 'Error';

export interface AnalysisDryRunMetric {
  name: string;
  provider: string;
  phase: AnalysisDryRunPhase;
  /** The measurement value as Argo records it (`[0.97]`, `0.5`, JSON for web). */
  value?: string;
  message?: string;
  durationMs: number;
  /** The resolved query (Prometheus) or URL (web). */
  query?: string;
}

export interface AnalysisDryRunResponse {
  metrics: AnalysisDryRunMetric[];
}

/**
 * The args a rollout passes its analysis templates, from its status: the
 * names Gradual's built-in templates use (`namespace`, `rollout`,
 * `canary-hash`, `stable-hash`). Values that are unknown are left out.
 */
export function rolloutAnalysisArgs(rollout: {
  namespace: string;
  name: string;
  currentPodHash?: string;
  stablePodHash?: string;
}): AnalysisArgValue[] {
  const args: AnalysisArgValue[] = [
    { name: 'namespace', value: rollout.namespace },
    { name: 'rollout', value: rollout.name },
  ];
  if (rollout.currentPodHash)
    args.push({ name: 'canary-hash', value: rollout.currentPodHash });
  if (rollout.stablePodHash)
    args.push({ name: 'stable-hash', value: rollout.stablePodHash });
  return args;
}

/** A template a rollout references, as the dry-run names it. */
export interface ReferencedAnalysisTemplate {
  name: string;
  /** A ClusterAnalysisTemplate (`clusterScope: true`). */
  clusterScope: boolean;
  /** Where the rollout uses it: `step 3`, `background`, `pre-promotion`, … */
  usedBy: string[];
}

function templateRefs(
  analysis: any,
): Array<{ name: string; cluster: boolean }> {
  const templates = Array.isArray(analysis?.templates)
    ? analysis.templates
    : [];
  return templates
    .filter((t: any) => typeof t?.templateName === 'string')
    .map((t: any) => ({
      name: t.templateName,
      cluster: t.clusterScope === true,
    }));
}

/**
 * The AnalysisTemplates a rollout's strategy (`spec.strategy`) references:
 * canary analysis and experiment steps, background analysis, blue-green pre-
 * and post-promotion analysis. Each template once, in order of first use.
 */
export function referencedAnalysisTemplatesOf(
  strategySpec: unknown,
): ReferencedAnalysisTemplate[] {
  const out = new Map<string, ReferencedAnalysisTemplate>();
  const add = (
    refs: Array<{ name: string; cluster: boolean }>,
    usedBy: string,
  ) => {
    for (const ref of refs) {
      const key = `${ref.cluster ? 'cluster/' : ''}${ref.name}`;
      const entry = out.get(key) ?? {
        name: ref.name,
        clusterScope: ref.cluster,
        usedBy: [],
      };
      if (!entry.usedBy.includes(usedBy)) entry.usedBy.push(usedBy);
      out.set(key, entry);
    }
  };
  const strategy = (strategySpec ?? {}) as any;
  const canary = strategy.canary;
  if (canary) {
    (Array.isArray(canary.steps) ? canary.steps : []).forEach(
      (step: any, index: number) => {
        if (step?.analysis)
          add(templateRefs(step.analysis), `step ${index + 1}`);
        if (step?.experiment)
          add(
            (Array.isArray(step.experiment.analyses)
              ? step.experiment.analyses
              : []
            ).flatMap((a: any) =>
              typeof a?.templateName === 'string'
                ? [{ name: a.templateName, cluster: a.clusterScope === true }]
                : [],
            ),
            `step ${index + 1} (experiment)`,
          );
      },
    );
    if (canary.analysis) add(templateRefs(canary.analysis), 'background');
  }
  const blueGreen = strategy.blueGreen;
  if (blueGreen) {
    if (blueGreen.prePromotionAnalysis)
      add(templateRefs(blueGreen.prePromotionAnalysis), 'pre-promotion');
    if (blueGreen.postPromotionAnalysis)
      add(templateRefs(blueGreen.postPromotionAnalysis), 'post-promotion');
  }
  return [...out.values()];
}

/**
 * The argument names an AnalysisTemplate in YAML declares (`spec.args[].name`,
 * of the first document); [] when the text is not such YAML (yet).
 */
export function analysisTemplateArgNames(yamlText: string): string[] {
  try {
    const [doc] = parseAllDocuments(yamlText);
    if (!doc || doc.errors.length) return [];
    const args = (doc.toJS() as any)?.spec?.args;
    return Array.isArray(args)
      ? args.flatMap((a: any) => (typeof a?.name === 'string' ? [a.name] : []))
      : [];
  } catch {
    return [];
  }
}
