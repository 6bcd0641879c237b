/*
 * Platform defaults (`rollouts.defaults`) as data, and the pure resolution of
 * "which preset and which analysis settings apply to this service". Reading
 * them from config is done on the backend (`readStrategyDefaults`).
 */
import { BUILT_IN_DEFAULT_PRESET, BUILT_IN_PRESETS } from './presets';
import type { StrategyPreset } from './presets';
import { globMatch } from './globMatch';
import type {
  AnalysisThresholds,
  CanaryJudgeSettings,
  GeneratorSettings,
  StrategySpec,
} from './types';

/** Overrides for the services whose namespace or environment matches. */
export interface StrategyOverride {
  /** Namespace globs (`*` and `?`), e.g. `prod*`. */
  namespaces?: string[];
  /** Environment names, e.g. `production` (globs allowed). */
  environments?: string[];
  /** The preset used when the developer picks none. */
  defaultPreset?: string;
  /** Presets the developer may choose here; all when absent. */
  allowedPresets?: string[];
  thresholds?: Partial<AnalysisThresholds>;
}

export interface StrategyDefaults {
  presets: Record<string, StrategyPreset>;
  defaultPreset: string;
  /** Applied in order; every matching override is merged over the previous ones. */
  overrides: StrategyOverride[];
  prometheus: {
    /** Address used for clusters without their own entry. */
    defaultAddress: string;
    /** Address per cluster name (the `kubernetes` cluster names). */
    clusters: Record<string, string>;
  };
  thresholds: Partial<AnalysisThresholds>;
  judge?: CanaryJudgeSettings;
}

/** Used when nothing is configured: Prometheus as the usual in-cluster Service. */
export const DEFAULT_PROMETHEUS_ADDRESS =
  'http://prometheus.monitoring.svc.cluster.local:9090';

export const BUILT_IN_STRATEGY_DEFAULTS: StrategyDefaults = {
  presets: BUILT_IN_PRESETS,
  defaultPreset: BUILT_IN_DEFAULT_PRESET,
  overrides: [],
  prometheus: { defaultAddress: DEFAULT_PROMETHEUS_ADDRESS, clusters: {} },
  thresholds: {},
};

/** Where a service is deployed. */
export interface DeploymentTarget {
  namespace: string;
  environment?: string;
  cluster?: string;
}

export interface ResolvedStrategy {
  presetName: string | undefined;
  spec: StrategySpec;
  settings: GeneratorSettings;
  /** Presets the developer may choose for this target. */
  allowedPresets: string[];
}

function overrideMatches(o: StrategyOverride, target: DeploymentTarget) {
  const ns =
    !o.namespaces || o.namespaces.some(p => globMatch(p, target.namespace));
  const env =
    !o.environments ||
    (target.environment !== undefined &&
      o.environments.some(p => globMatch(p, target.environment!)));
  return ns && env;
}

/**
 * Picks the spec (the custom one, the named preset, or the default preset of
 * the last matching override) and the generator settings for a target.
 * Throws on an unknown or disallowed preset.
 */
export function resolveStrategy(
  defaults: StrategyDefaults,
  target: DeploymentTarget,
  choice: { preset?: string; spec?: StrategySpec } = {},
): ResolvedStrategy {
  let defaultPreset = defaults.defaultPreset;
  let allowedPresets = Object.keys(defaults.presets);
  let thresholds = { ...defaults.thresholds };
  for (const o of defaults.overrides) {
    if (!overrideMatches(o, target)) continue;
    if (o.defaultPreset) defaultPreset = o.defaultPreset;
    if (o.allowedPresets) allowedPresets = o.allowedPresets;
    thresholds = { ...thresholds, ...o.thresholds };
  }
  const settings: GeneratorSettings = {
    prometheusAddress:
      (target.cluster && defaults.prometheus.clusters[target.cluster]) ||
      defaults.prometheus.defaultAddress,
    cluster: target.cluster,
    thresholds,
    judge: defaults.judge,
  };
  if (choice.spec) {
    return {
      presetName: undefined,
      spec: choice.spec,
      settings,
      allowedPresets,
    };
  }
  const presetName = choice.preset || defaultPreset;
  const preset = defaults.presets[presetName];
  if (!preset) {
    throw new Error(
      `Unknown strategy preset '${presetName}'; known presets: ${Object.keys(
        defaults.presets,
      ).join(', ')}`,
    );
  }
  if (!allowedPresets.includes(presetName)) {
    throw new Error(
      `Preset '${presetName}' is not allowed in namespace '${
        target.namespace
      }'${
        target.environment ? ` (environment ${target.environment})` : ''
      }; allowed: ${allowedPresets.join(', ')}`,
    );
  }
  return { presetName, spec: preset.spec, settings, allowedPresets };
}
