import { ConfigReader } from '@backstage/config';
import { BUILT_IN_STRATEGY_DEFAULTS } from '../strategy';
import { readRolloutPolicies } from './readRolloutPolicies';
import { readStrategyDefaults } from './readStrategyDefaults';

describe('readStrategyDefaults', () => {
  it('returns the built-in defaults when nothing is configured', () => {
    expect(readStrategyDefaults(new ConfigReader({}))).toBe(
      BUILT_IN_STRATEGY_DEFAULTS,
    );
  });

  it('reads presets, overrides, Prometheus per cluster, thresholds and the judge', () => {
    const defaults = readStrategyDefaults(
      new ConfigReader({
        rollouts: {
          defaults: {
            defaultPreset: 'tiny-canary',
            presets: {
              'tiny-canary': {
                title: 'Tiny canary',
                spec: {
                  strategy: 'canary',
                  trafficRouting: { nginx: {} },
                  steps: [{ setWeight: 1 }, { pause: { duration: '10m' } }],
                },
              },
            },
            overrides: [
              {
                namespaces: ['prod*'],
                environments: ['production'],
                defaultPreset: 'blue-green-manual',
                allowedPresets: ['blue-green-manual', 'tiny-canary'],
                thresholds: { successRate: 0.999 },
              },
            ],
            prometheus: { address: 'http://prometheus:9090' },
            thresholds: { latencyP99Seconds: 0.3, interval: '2m' },
            judge: {
              url: 'http://backstage/judge',
              tokenSecret: { name: 'judge' },
            },
          },
          // the analysis settings are the one source of Prometheus addresses
          analysis: {
            prometheus: [
              { cluster: 'local', url: 'http://127.0.0.1:19090/' },
              {
                cluster: 'prod',
                url: 'https://prom.example.com',
                aliases: ['http://prometheus.monitoring:9090'],
              },
            ],
          },
          clusters: [
            {
              name: 'edge',
              url: 'https://edge',
              prometheus: { url: 'http://edge-prom:9090' },
            },
          ],
        },
      }),
    );
    expect(defaults.defaultPreset).toBe('tiny-canary');
    expect(Object.keys(defaults.presets)).toEqual([
      'standard-canary',
      'fast-canary',
      'blue-green-manual',
      'blue-green-auto',
      'judge-canary',
      'tiny-canary',
    ]);
    expect(defaults.presets['tiny-canary'].description).toBe('');
    expect(defaults.overrides).toEqual([
      {
        namespaces: ['prod*'],
        environments: ['production'],
        defaultPreset: 'blue-green-manual',
        allowedPresets: ['blue-green-manual', 'tiny-canary'],
        thresholds: { successRate: 0.999 },
      },
    ]);
    expect(defaults.prometheus).toEqual({
      defaultAddress: 'http://prometheus:9090',
      clusters: {
        local: 'http://127.0.0.1:19090',
        prod: 'http://prometheus.monitoring:9090',
        edge: 'http://edge-prom:9090',
      },
    });
    expect(defaults.thresholds).toEqual({
      latencyP99Seconds: 0.3,
      interval: '2m',
    });
    expect(defaults.judge).toEqual({
      url: 'http://backstage/judge',
      tokenSecret: { name: 'judge', key: 'token' },
    });
  });

  it('takes Prometheus per cluster from the analysis settings even without defaults', () => {
    const defaults = readStrategyDefaults(
      new ConfigReader({
        rollouts: {
          analysis: {
            prometheus: [{ cluster: 'local', url: 'http://127.0.0.1:9091' }],
          },
        },
      }),
    );
    expect(defaults.prometheus.clusters).toEqual({
      local: 'http://127.0.0.1:9091',
    });
    expect(defaults.presets).toBe(BUILT_IN_STRATEGY_DEFAULTS.presets);
  });

  it('can drop the built-in presets', () => {
    const defaults = readStrategyDefaults(
      new ConfigReader({
        rollouts: {
          defaults: {
            includeBuiltInPresets: false,
            presets: {
              only: {
                spec: { strategy: 'blueGreen', autoPromotionEnabled: false },
              },
            },
          },
        },
      }),
    );
    expect(Object.keys(defaults.presets)).toEqual(['only']);
    expect(defaults.defaultPreset).toBe('only');
  });

  it('rejects an invalid preset spec and unknown preset names', () => {
    expect(() =>
      readStrategyDefaults(
        new ConfigReader({
          rollouts: {
            defaults: { presets: { bad: { spec: { strategy: 'recreate' } } } },
          },
        }),
      ),
    ).toThrow(
      'rollouts.defaults.presets.bad.spec is not a valid strategy spec',
    );
    expect(() =>
      readStrategyDefaults(
        new ConfigReader({
          rollouts: {
            defaults: {
              overrides: [{ namespaces: ['x'], allowedPresets: ['nope'] }],
            },
          },
        }),
      ),
    ).toThrow(
      "rollouts.defaults.overrides[0].allowedPresets names the unknown preset 'nope'",
    );
  });
});

describe('readRolloutPolicies', () => {
  it('reads every rule and leaves absent ones off', () => {
    expect(readRolloutPolicies(new ConfigReader({}))).toEqual({});
    expect(
      readRolloutPolicies(
        new ConfigReader({
          rollouts: {
            policies: {
              requireAnalysisInNamespaces: ['prod*'],
              maxFirstCanaryWeight: 25,
              forbidAutoPromotionWithoutPrePromotionAnalysis: true,
              minScaleDownDelaySeconds: 30,
              severities: { 'weights-non-decreasing': 'error' },
            },
          },
        }),
      ),
    ).toEqual({
      requireAnalysisInNamespaces: ['prod*'],
      maxFirstCanaryWeight: 25,
      forbidAutoPromotionWithoutPrePromotionAnalysis: true,
      minScaleDownDelaySeconds: 30,
      severities: { 'weights-non-decreasing': 'error' },
    });
  });

  it('rejects an unknown severity', () => {
    expect(() =>
      readRolloutPolicies(
        new ConfigReader({
          rollouts: { policies: { severities: { x: 'fatal' } } },
        }),
      ),
    ).toThrow(
      "rollouts.policies.severities.x must be 'error' or 'warning', got 'fatal'",
    );
  });
});
