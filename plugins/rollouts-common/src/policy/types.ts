/*
 * Types of the rollout lint: platform policies (`rollouts.policies`), the
 * context a rollout is linted in, and the findings.
 */
import type { KubernetesObject } from '../strategy/types';

export type FindingSeverity = 'error' | 'warning';

export interface Finding {
  /** Rule id, e.g. `max-first-canary-weight` or `upstream/set-weight-range`. */
  rule: string;
  severity: FindingSeverity;
  message: string;
  /** Field path in the object, e.g. `spec.strategy.canary.steps[0].setWeight`. */
  path: string;
  /** The object the finding is about, when linting several objects. */
  object?: { kind: string; name: string };
}

/**
 * Platform rules. Every key is optional; an absent key switches the rule off.
 * Upstream (Argo controller) rules always apply.
 */
export interface RolloutPolicies {
  /** Namespace globs (e.g. `prod*`) where every rollout needs analysis. */
  requireAnalysisInNamespaces?: string[];
  /** Environments (globs) where every rollout needs analysis. */
  requireAnalysisInEnvironments?: string[];
  /** Highest allowed weight of the first canary `setWeight` step, in percent. */
  maxFirstCanaryWeight?: number;
  /** Blue-green auto-promotion (Argo's default) needs a prePromotionAnalysis. */
  forbidAutoPromotionWithoutPrePromotionAnalysis?: boolean;
  /** Lowest allowed blue-green `scaleDownDelaySeconds` (Argo default 30). */
  minScaleDownDelaySeconds?: number;
  /** Severity per rule id, to demote a rule to a warning or promote one to an error. */
  severities?: Record<string, FindingSeverity>;
}

/** Where the rollout lives and what else is known around it. */
export interface LintContext {
  namespace?: string;
  environment?: string;
  /**
   * AnalysisTemplates the rollout may reference (objects from the same
   * manifests or the cluster). When absent, references are not checked.
   */
  analysisTemplates?: KubernetesObject[];
  /** Services and Ingresses from the same manifests, to check references. */
  services?: KubernetesObject[];
  ingresses?: KubernetesObject[];
}
