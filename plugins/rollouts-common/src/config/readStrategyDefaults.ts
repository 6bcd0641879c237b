/*
 * `rollouts.defaults` → StrategyDefaults. With nothing configured the
 * built-in presets and thresholds apply. Configured presets are checked
 * against the strategy spec schema at start-up, so a typo fails early.
 */
import type { Config } from '@backstage/config';
import {
  BUILT_IN_STRATEGY_DEFAULTS,
  parseStrategySpec,
  type AnalysisThresholds,
  type StrategyDefaults,
  type StrategyOverride,
  type StrategyPreset,
} from '../strategy';

function readThresholds(config?: Config): Partial<AnalysisThresholds> {
  if (!config) return {};
  const thresholds: Partial<AnalysisThresholds> = {
    successRate: config.getOptionalNumber('successRate'),
    errorRate: config.getOptionalNumber('errorRate'),
    latencyP99Seconds: config.getOptionalNumber('latencyP99Seconds'),
    interval: config.getOptionalString('interval'),
    count: config.getOptionalNumber('count'),
    failureLimit: config.getOptionalNumber('failureLimit'),
  };
  return Object.fromEntries(
    Object.entries(thresholds).filter(([, v]) => v !== undefined),
  );
}

function readPresets(
  config: Config | undefined,
): Record<string, StrategyPreset> {
  const presets: Record<string, StrategyPreset> = {};
  for (const name of config?.keys() ?? []) {
    const preset = config!.getConfig(name);
    presets[name] = {
      title: preset.getOptionalString('title') ?? name,
      description: preset.getOptionalString('description') ?? '',
      spec: parseStrategySpec(
        preset.get('spec'),
        `rollouts.defaults.presets.${name}.spec`,
      ),
    };
  }
  return presets;
}

function readOverride(config: Config): StrategyOverride {
  return {
    namespaces: config.getOptionalStringArray('namespaces'),
    environments: config.getOptionalStringArray('environments'),
    defaultPreset: config.getOptionalString('defaultPreset'),
    allowedPresets: config.getOptionalStringArray('allowedPresets'),
    thresholds: readThresholds(config.getOptionalConfig('thresholds')),
  };
}

/**
 * The Prometheus address per cluster that generated AnalysisTemplates name,
 * from the analysis settings (one source of truth with the analysis dry-run
 * and judge, see `readAnalysisConfig` in the backend):
 * `rollouts.analysis.prometheus[]` (`{ cluster, url, aliases? }`) and
 * `rollouts.clusters[].prometheus`, the cluster entry winning. The Argo
 * controller reaches Prometheus at the first alias (e.g. the in-cluster
 * Service address) when one is given, else at `url`.
 */
export function readAnalysisPrometheusAddresses(
  rootConfig: Config,
): Record<string, string> {
  const addresses: Record<string, string> = {};
  const address = (c: Config) =>
    (c.getOptionalStringArray('aliases')?.[0] ?? c.getString('url')).replace(
      /\/+$/,
      '',
    );
  for (const c of rootConfig.getOptionalConfigArray(
    'rollouts.analysis.prometheus',
  ) ?? []) {
    addresses[c.getString('cluster')] = address(c);
  }
  for (const c of rootConfig.getOptionalConfigArray('rollouts.clusters') ??
    []) {
    const p = c.getOptionalConfig('prometheus');
    if (p) addresses[c.getString('name')] = address(p);
  }
  return addresses;
}

/** Reads `rollouts.defaults` from the root config. */
export function readStrategyDefaults(rootConfig: Config): StrategyDefaults {
  const config = rootConfig.getOptionalConfig('rollouts.defaults');
  const builtIn = BUILT_IN_STRATEGY_DEFAULTS;
  const clusterAddresses = readAnalysisPrometheusAddresses(rootConfig);
  if (!config) {
    return Object.keys(clusterAddresses).length
      ? {
          ...builtIn,
          prometheus: { ...builtIn.prometheus, clusters: clusterAddresses },
        }
      : builtIn;
  }

  const configured = readPresets(config.getOptionalConfig('presets'));
  const includeBuiltIns =
    config.getOptionalBoolean('includeBuiltInPresets') ?? true;
  const presets = includeBuiltIns
    ? { ...builtIn.presets, ...configured }
    : configured;
  if (Object.keys(presets).length === 0) {
    throw new Error(
      'rollouts.defaults: includeBuiltInPresets is false and no presets are configured',
    );
  }
  const defaultPreset =
    config.getOptionalString('defaultPreset') ??
    (presets[builtIn.defaultPreset]
      ? builtIn.defaultPreset
      : Object.keys(presets)[0]);

  const overrides = (config.getOptionalConfigArray('overrides') ?? []).map(
    readOverride,
  );
  const named = [
    ['rollouts.defaults.defaultPreset', defaultPreset],
    ...overrides.flatMap((o, i) => [
      ...(o.defaultPreset
        ? [[`rollouts.defaults.overrides[${i}].defaultPreset`, o.defaultPreset]]
        : []),
      ...(o.allowedPresets ?? []).map(p => [
        `rollouts.defaults.overrides[${i}].allowedPresets`,
        p,
      ]),
    ]),
  ];
  for (const [key, name] of named) {
    if (!presets[name]) {
      throw new Error(
        `${key} names the unknown preset '${name}'; known presets: ${Object.keys(
          presets,
        ).join(', ')}`,
      );
    }
  }

  const prometheus = config.getOptionalConfig('prometheus');
  const judge = config.getOptionalConfig('judge');
  const tokenSecret = judge?.getOptionalConfig('tokenSecret');
  return {
    presets,
    defaultPreset,
    overrides,
    prometheus: {
      defaultAddress:
        prometheus?.getOptionalString('address') ??
        builtIn.prometheus.defaultAddress,
      clusters: clusterAddresses,
    },
    thresholds: readThresholds(config.getOptionalConfig('thresholds')),
    judge: judge
      ? {
          url: judge.getString('url'),
          tokenSecret: tokenSecret
            ? {
                name: tokenSecret.getString('name'),
                key: tokenSecret.getOptionalString('key') ?? 'token',
              }
            : undefined,
        }
      : undefined,
  };
}
