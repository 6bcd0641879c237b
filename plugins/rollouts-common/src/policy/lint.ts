/*
 * The lint entry points: one Rollout (generated or live) or a set of
 * manifests (the output of the generator, or a file from a repository).
 */
import type { KubernetesObject } from '../strategy/types';
import { lintPlatformPolicies } from './platformRules';
import { lintReferences } from './referenceRules';
import type { Finding, LintContext, RolloutPolicies } from './types';
import { lintUpstream } from './upstreamRules';

/**
 * Lints a Rollout against the upstream controller rules, the reference rules
 * (when the context has the referenced objects) and the platform policies.
 * Works on live objects: unknown or malformed fields produce findings, never
 * exceptions.
 */
export function lintRollout(
  rollout: unknown,
  policies: RolloutPolicies = {},
  context: LintContext = {},
): Finding[] {
  const findings = [
    ...lintUpstream(rollout),
    ...lintReferences(rollout, context),
    ...lintPlatformPolicies(rollout, policies, context),
  ];
  return findings.map(f => {
    const severity = policies.severities?.[f.rule];
    return severity ? { ...f, severity } : f;
  });
}

/**
 * Lints every Rollout of a set of manifests; AnalysisTemplates, Services and
 * Ingresses are looked up among the same objects plus those in the context
 * (e.g. templates already in the cluster).
 */
export function lintManifests(
  objects: KubernetesObject[],
  policies: RolloutPolicies = {},
  context: LintContext = {},
): Finding[] {
  const ofKind = (kind: string) => objects.filter(o => o.kind === kind);
  const rollouts = ofKind('Rollout');
  if (rollouts.length === 0) {
    return [
      {
        rule: 'rollout-present',
        severity: 'error',
        path: '',
        message: 'No Rollout found in the manifests',
      },
    ];
  }
  // A kind is checked only when some object of it is known, as upstream lint
  // does: a file without AnalysisTemplates may rely on the cluster's.
  const known = (kind: string, extra?: KubernetesObject[]) => {
    const all = [...ofKind(kind), ...(extra ?? [])];
    return all.length || extra ? all : undefined;
  };
  return rollouts.flatMap(rollout =>
    lintRollout(rollout, policies, {
      ...context,
      namespace: context.namespace ?? rollout.metadata.namespace,
      analysisTemplates: known('AnalysisTemplate', context.analysisTemplates),
      services: known('Service', context.services),
      ingresses: known('Ingress', context.ingresses),
    }).map(f => ({
      ...f,
      object: { kind: 'Rollout', name: rollout.metadata.name },
    })),
  );
}

/** True when any finding has severity `error`. */
export function hasErrors(findings: Finding[]): boolean {
  return findings.some(f => f.severity === 'error');
}

/** One line per finding, for logs and task output. */
export function formatFinding(f: Finding): string {
  const where = [f.object ? `${f.object.kind}/${f.object.name}` : '', f.path]
    .filter(Boolean)
    .join(' ');
  return `${f.severity.toUpperCase()} [${f.rule}] ${where}: ${f.message}`;
}
