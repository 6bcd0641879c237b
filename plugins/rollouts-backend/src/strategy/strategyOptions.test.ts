import { ConfigReader } from '@backstage/config';
import {
  KubeObject,
  readRolloutsPlatformConfig,
} from '@gradual/plugin-rollouts-common';
import { strategyOptionsFor } from './strategyOptions';

const rollout = (strategy: unknown): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'ro-uid',
    resourceVersion: '7',
  },
  spec: { strategy },
});

describe('strategyOptionsFor', () => {
  const platform = readRolloutsPlatformConfig(new ConfigReader({}));

  it('offers the live strategy, the allowed presets and the default one', () => {
    const options = strategyOptionsFor(
      platform,
      rollout({ canary: { steps: [{ setWeight: 50 }, { pause: {} }] } }),
      'local',
    );
    expect(options.current).toMatchObject({ strategy: 'canary' });
    expect(options.presets.length).toBeGreaterThan(0);
    expect(options.presets.map(p => p.name)).toContain(options.defaultPreset);
    expect(options.policies).toBe(platform.policies);
    expect(options.managedByArgoCD).toBe(false);
    expect(options.resourceVersion).toBe('7');
  });

  it('has no current spec when the rollout has no strategy it can read', () => {
    const options = strategyOptionsFor(platform, rollout(undefined), 'local');
    expect(options.current).toBeUndefined();
    expect(options.defaultPreset).toBe(platform.defaults.defaultPreset);
  });
});
