/*
 * The platform rules of `rollouts.policies`, plus Gradual's own advice
 * (weights that go down again), as pure checks on a Rollout object.
 */
import { globMatch } from '../strategy/globMatch';
import type { Finding, LintContext, RolloutPolicies } from './types';

type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function hasAnalysis(rollout: Unstructured): boolean {
  const canary = rollout?.spec?.strategy?.canary;
  const blueGreen = rollout?.spec?.strategy?.blueGreen;
  const nonEmpty = (a: Unstructured) => Boolean(a?.templates?.length);
  if (canary) {
    return (
      nonEmpty(canary.analysis) ||
      (canary.steps ?? []).some(
        (s: Unstructured) =>
          nonEmpty(s?.analysis) || s?.experiment?.analyses?.length,
      )
    );
  }
  if (blueGreen) {
    return (
      nonEmpty(blueGreen.prePromotionAnalysis) ||
      nonEmpty(blueGreen.postPromotionAnalysis)
    );
  }
  return false;
}

export function lintPlatformPolicies(
  rollout: Unstructured,
  policies: RolloutPolicies,
  context: LintContext,
): Finding[] {
  const findings: Finding[] = [];
  const report = (rule: string, path: string, message: string) =>
    findings.push({ rule, severity: 'error', path, message });
  const canary = rollout?.spec?.strategy?.canary;
  const blueGreen = rollout?.spec?.strategy?.blueGreen;
  const namespace = context.namespace ?? rollout?.metadata?.namespace;

  const nsPattern =
    namespace !== undefined
      ? policies.requireAnalysisInNamespaces?.find(p => globMatch(p, namespace))
      : undefined;
  const envPattern =
    context.environment !== undefined
      ? policies.requireAnalysisInEnvironments?.find(p =>
          globMatch(p, context.environment!),
        )
      : undefined;
  if ((nsPattern || envPattern) && !hasAnalysis(rollout)) {
    report(
      'require-analysis',
      canary
        ? 'spec.strategy.canary.steps'
        : 'spec.strategy.blueGreen.prePromotionAnalysis',
      nsPattern
        ? `Rollouts in namespaces matching '${nsPattern}' need analysis (an analysis step, background analysis, or pre/post-promotion analysis); namespace '${namespace}' has none`
        : `Rollouts in environment '${context.environment}' (policy '${envPattern}') need analysis (an analysis step, background analysis, or pre/post-promotion analysis)`,
    );
  }

  if (canary) {
    const steps: Unstructured[] = canary.steps ?? [];
    const firstWeightIndex = steps.findIndex(
      s => typeof s?.setWeight === 'number',
    );
    const max = policies.maxFirstCanaryWeight;
    if (
      max !== undefined &&
      firstWeightIndex >= 0 &&
      steps[firstWeightIndex].setWeight > max
    ) {
      report(
        'max-first-canary-weight',
        `spec.strategy.canary.steps[${firstWeightIndex}].setWeight`,
        `The first canary step sends ${steps[firstWeightIndex].setWeight}% of the traffic; the platform allows at most ${max}%`,
      );
    }
    if (max !== undefined && steps.length > 0 && firstWeightIndex < 0) {
      report(
        'max-first-canary-weight',
        'spec.strategy.canary.steps',
        `The canary has steps but no setWeight step, so it gets its full share of traffic at once; the platform allows at most ${max}% at first`,
      );
    }
    let previous = -1;
    steps.forEach((s, i) => {
      if (typeof s?.setWeight !== 'number') return;
      if (s.setWeight < previous) {
        findings.push({
          rule: 'weights-non-decreasing',
          severity: 'warning',
          path: `spec.strategy.canary.steps[${i}].setWeight`,
          message: `setWeight ${s.setWeight} is lower than the previous step's ${previous}: traffic to the canary goes down again`,
        });
      }
      previous = s.setWeight;
    });
  }

  if (blueGreen) {
    const autoPromotion = blueGreen.autoPromotionEnabled !== false;
    if (
      policies.forbidAutoPromotionWithoutPrePromotionAnalysis &&
      autoPromotion &&
      !blueGreen.prePromotionAnalysis?.templates?.length
    ) {
      report(
        'auto-promotion-needs-analysis',
        'spec.strategy.blueGreen.autoPromotionEnabled',
        `Automatic promotion${
          blueGreen.autoPromotionEnabled === undefined
            ? ' (Argo default when autoPromotionEnabled is not set)'
            : ''
        } needs a prePromotionAnalysis; add one or set autoPromotionEnabled: false`,
      );
    }
    const minDelay = policies.minScaleDownDelaySeconds;
    const delay = blueGreen.scaleDownDelaySeconds ?? 30;
    if (minDelay !== undefined && delay < minDelay) {
      report(
        'min-scale-down-delay',
        'spec.strategy.blueGreen.scaleDownDelaySeconds',
        `scaleDownDelaySeconds is ${delay}${
          blueGreen.scaleDownDelaySeconds === undefined ? ' (Argo default)' : ''
        }; the platform requires at least ${minDelay} so that clients drain and a switch back stays instant`,
      );
    }
  }
  return findings;
}
