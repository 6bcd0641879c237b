/*
 * Rules about the objects a Rollout refers to, after upstream's
 * `ValidateRolloutReferencedResources` (what `kubectl argo rollouts lint -f`
 * checks against the other documents of the file): AnalysisTemplates,
 * Services and the nginx stable Ingresses (`stableIngress`, `stableIngresses`). Each check runs only when the
 * context holds objects of that kind.
 */
import { strategyObjectReferences } from '../strategy/references';
import type { Finding, LintContext } from './types';

type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface AnalysisUse {
  path: string;
  templates: string[];
  background: boolean;
  args: string[];
}

function analysisUses(rollout: Unstructured): AnalysisUse[] {
  const uses: AnalysisUse[] = [];
  const names = (a: Unstructured): string[] =>
    (a?.templates ?? [])
      .filter((t: Unstructured) => !t?.clusterScope)
      .map((t: Unstructured) => t?.templateName)
      .filter(Boolean);
  const args = (a: Unstructured): string[] =>
    (a?.args ?? []).map((x: Unstructured) => x?.name);
  const canary = rollout?.spec?.strategy?.canary;
  const blueGreen = rollout?.spec?.strategy?.blueGreen;
  if (canary) {
    (canary.steps ?? []).forEach((step: Unstructured, i: number) => {
      if (step?.analysis) {
        uses.push({
          path: `spec.strategy.canary.steps[${i}].analysis`,
          templates: names(step.analysis),
          background: false,
          args: args(step.analysis),
        });
      }
    });
    if (canary.analysis) {
      uses.push({
        path: 'spec.strategy.canary.analysis',
        templates: names(canary.analysis),
        background: true,
        args: args(canary.analysis),
      });
    }
  }
  if (blueGreen) {
    for (const field of ['prePromotionAnalysis', 'postPromotionAnalysis']) {
      if (blueGreen[field]) {
        uses.push({
          path: `spec.strategy.blueGreen.${field}`,
          templates: names(blueGreen[field]),
          background: false,
          args: args(blueGreen[field]),
        });
      }
    }
  }
  return uses;
}

function lintAnalysisReferences(
  rollout: Unstructured,
  templates: Unstructured[],
  findings: Finding[],
) {
  const byName = new Map(templates.map(t => [t?.metadata?.name, t]));
  for (const use of analysisUses(rollout)) {
    for (const name of use.templates) {
      const template = byName.get(name);
      if (!template) {
        findings.push({
          rule: 'upstream/analysis-template-exists',
          severity: 'error',
          path: use.path,
          message: `AnalysisTemplate '${name}' not found${
            templates.length ? ` (known: ${[...byName.keys()].join(', ')})` : ''
          }`,
        });
        continue;
      }
      const metrics: Unstructured[] = template.spec?.metrics ?? [];
      if (!use.background) {
        for (const metric of metrics) {
          const count = metric?.count;
          if (
            metric?.interval &&
            (count === undefined || count === 0 || count === '0')
          ) {
            findings.push({
              rule: 'upstream/analysis-runs-indefinitely',
              severity: 'error',
              path: use.path,
              message: `AnalysisTemplate ${name} has metric ${
                metric.name
              } which runs indefinitely. Invalid value for count: ${
                count ?? 'nil'
              }`,
            });
          }
        }
      }
      for (const arg of template.spec?.args ?? []) {
        if (
          arg?.value === undefined &&
          arg?.valueFrom === undefined &&
          !use.args.includes(arg?.name)
        ) {
          findings.push({
            rule: 'upstream/analysis-args',
            severity: 'error',
            path: use.path,
            message: `AnalysisTemplate ${name} needs the argument '${arg?.name}', which the rollout does not pass`,
          });
        }
      }
    }
  }
}

function lintServices(
  rollout: Unstructured,
  services: Unstructured[],
  findings: Finding[],
) {
  const refs = strategyObjectReferences(rollout?.spec?.strategy).filter(
    r => r.kind === 'Service',
  );
  const labels: Record<string, string> =
    rollout?.spec?.template?.metadata?.labels ?? {};
  for (const { path, name } of refs) {
    const service = services.find(s => s?.metadata?.name === name);
    if (!service) {
      findings.push({
        rule: 'upstream/service-exists',
        severity: 'error',
        path,
        message: `Service '${name}' is not defined`,
      });
      continue;
    }
    for (const [k, v] of Object.entries(service.spec?.selector ?? {})) {
      if (k === 'rollouts-pod-template-hash') continue;
      if (labels[k] !== v) {
        findings.push({
          rule: 'upstream/service-selector',
          severity: 'error',
          path,
          message: `Service "${name}" has unmatch label "${k}" in rollout`,
        });
      }
    }
  }
}

function lintIngresses(
  rollout: Unstructured,
  ingresses: Unstructured[],
  findings: Finding[],
) {
  const canary = rollout?.spec?.strategy?.canary;
  const refs = strategyObjectReferences(rollout?.spec?.strategy).filter(
    r => r.kind === 'Ingress' && r.router === 'nginx',
  );
  for (const { name, path } of refs) {
    const ingress = ingresses.find(i => i?.metadata?.name === name);
    if (!ingress) {
      findings.push({
        rule: 'upstream/ingress-exists',
        severity: 'error',
        path,
        message: `Ingress '${name}' is not defined`,
      });
      continue;
    }
    const backends: string[] = (ingress.spec?.rules ?? []).flatMap(
      (r: Unstructured) =>
        (r?.http?.paths ?? []).map(
          (p: Unstructured) => p?.backend?.service?.name,
        ),
    );
    if (ingress.spec?.defaultBackend?.service?.name) {
      backends.push(ingress.spec.defaultBackend.service.name);
    }
    if (!backends.includes(canary.stableService)) {
      findings.push({
        rule: 'upstream/ingress-stable-backend',
        severity: 'error',
        path,
        message: `ingress \`${name}\` has no rules using service ${canary.stableService} backend`,
      });
    }
  }
}

/** Checks the references of a Rollout against the objects in the context. */
export function lintReferences(
  rollout: Unstructured,
  context: LintContext,
): Finding[] {
  const findings: Finding[] = [];
  if (context.analysisTemplates) {
    lintAnalysisReferences(rollout, context.analysisTemplates, findings);
  }
  if (context.services) lintServices(rollout, context.services, findings);
  if (context.ingresses) lintIngresses(rollout, context.ingresses, findings);
  return findings;
}
