import {
  BUILT_IN_STRATEGY_DEFAULTS,
  DEFAULT_PROMETHEUS_ADDRESS,
  resolveStrategy,
  type StrategyDefaults,
} from '.';

const defaults: StrategyDefaults = {
  ...BUILT_IN_STRATEGY_DEFAULTS,
  overrides: [
    {
      namespaces: ['prod*'],
      defaultPreset: 'blue-green-manual',
      allowedPresets: ['blue-green-manual', 'standard-canary'],
      thresholds: { successRate: 0.999 },
    },
    { environments: ['dev'], defaultPreset: 'fast-canary' },
  ],
  prometheus: {
    defaultAddress: 'http://prometheus:9090',
    clusters: { local: 'http://127.0.0.1:19090' },
  },
};

describe('resolveStrategy', () => {
  it('uses the built-in default preset when nothing is configured', () => {
    const resolved = resolveStrategy(BUILT_IN_STRATEGY_DEFAULTS, {
      namespace: 'demo',
    });
    expect(resolved.presetName).toBe('standard-canary');
    expect(resolved.settings.prometheusAddress).toBe(
      DEFAULT_PROMETHEUS_ADDRESS,
    );
    expect(resolved.allowedPresets).toEqual([
      'standard-canary',
      'fast-canary',
      'blue-green-manual',
      'blue-green-auto',
      'judge-canary',
    ]);
  });

  it('applies the override of a matching namespace glob', () => {
    const resolved = resolveStrategy(defaults, {
      namespace: 'prod-eu',
      cluster: 'local',
    });
    expect(resolved.presetName).toBe('blue-green-manual');
    expect(resolved.spec.strategy).toBe('blueGreen');
    expect(resolved.settings.thresholds).toEqual({ successRate: 0.999 });
    expect(resolved.settings.prometheusAddress).toBe('http://127.0.0.1:19090');
  });

  it('applies environment overrides and the default Prometheus', () => {
    const resolved = resolveStrategy(defaults, {
      namespace: 'team-a',
      environment: 'dev',
      cluster: 'other',
    });
    expect(resolved.presetName).toBe('fast-canary');
    expect(resolved.settings.prometheusAddress).toBe('http://prometheus:9090');
  });

  it('honours an explicit preset and a custom spec', () => {
    expect(
      resolveStrategy(
        defaults,
        { namespace: 'demo' },
        { preset: 'judge-canary' },
      ).presetName,
    ).toBe('judge-canary');
    const custom = resolveStrategy(
      defaults,
      { namespace: 'prod' },
      {
        spec: { strategy: 'blueGreen', autoPromotionEnabled: false },
      },
    );
    expect(custom.presetName).toBeUndefined();
    expect(custom.spec).toEqual({
      strategy: 'blueGreen',
      autoPromotionEnabled: false,
    });
  });

  it('rejects unknown and disallowed presets', () => {
    expect(() =>
      resolveStrategy(defaults, { namespace: 'demo' }, { preset: 'nope' }),
    ).toThrow(
      "Unknown strategy preset 'nope'; known presets: standard-canary, fast-canary, blue-green-manual, blue-green-auto, judge-canary",
    );
    expect(() =>
      resolveStrategy(
        defaults,
        { namespace: 'production' },
        { preset: 'fast-canary' },
      ),
    ).toThrow(
      "Preset 'fast-canary' is not allowed in namespace 'production'; allowed: blue-green-manual, standard-canary",
    );
  });
});
