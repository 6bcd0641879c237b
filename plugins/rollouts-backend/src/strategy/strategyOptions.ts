import {
  KubeObject,
  RolloutsPlatformConfig,
  StrategyOptionsResponse,
  isManagedByArgoCD,
  resolveStrategy,
  strategySpecFromRollout,
} from '@gradual/plugin-rollouts-common';
import { deployTargetOf } from './strategyPlan';

/**
 * What the change-strategy dialog starts from: the live strategy as a spec,
 * the presets the platform allows for this rollout's deploy target and the
 * default among them.
 */
export function strategyOptionsFor(
  platform: RolloutsPlatformConfig,
  rollout: KubeObject,
  clusterName: string,
): StrategyOptionsResponse {
  const { defaults, policies } = platform;
  const { spec, unsupported } = strategySpecFromRollout(rollout);
  const deployTarget = deployTargetOf(rollout, clusterName);
  const { allowedPresets } = resolveStrategy(defaults, deployTarget, {
    spec: spec ?? defaults.presets[defaults.defaultPreset].spec,
  });
  let defaultPreset: string;
  try {
    defaultPreset = resolveStrategy(defaults, deployTarget).presetName!;
  } catch {
    // the configured default is not among the presets allowed here
    defaultPreset = allowedPresets[0];
  }
  return {
    ...(spec ? { current: spec } : {}),
    unsupported,
    presets: allowedPresets.map(name => ({
      name,
      ...defaults.presets[name],
    })),
    defaultPreset,
    policies,
    managedByArgoCD: isManagedByArgoCD(rollout as any),
    resourceVersion: rollout.metadata.resourceVersion ?? '',
  };
}
