/*
 * The demo portal: this backend's app-config (the repository root's
 * app-config.yaml) and the demo workloads the local cluster seeds
 * (@gradual/local-cluster). A typo in the config would stop the backend at
 * start-up, and the e2e test changes user-service from one preset to another.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { demoManifests, loadConfig } from '@gradual/local-cluster';
import {
  hasErrors,
  lintRollout,
  planStrategyChange,
  readRolloutsPlatformConfig,
  resolveStrategy,
} from '@gradual/plugin-rollouts-common';
import { parse } from 'yaml';

const APP_CONFIG = path.resolve(__dirname, '../../../app-config.yaml');
const platform = () =>
  readRolloutsPlatformConfig(
    new ConfigReader(parse(fs.readFileSync(APP_CONFIG, 'utf8'))),
  );

describe('the demo app-config', () => {
  it('has valid rollouts.defaults and rollouts.policies', () => {
    const { defaults, policies } = platform();
    expect(defaults.presets['cautious-canary'].spec.strategy).toBe('canary');
    expect(policies.maxFirstCanaryWeight).toBe(25);
    expect(resolveStrategy(defaults, { namespace: 'demo' }).presetName).toBe(
      'standard-canary',
    );
    expect(resolveStrategy(defaults, { namespace: 'prod-eu' }).presetName).toBe(
      'blue-green-manual',
    );
  });

  describe('changing the demo user-service', () => {
    const objects: any[] = demoManifests(loadConfig(), ['user-service']).map(
      o => ({ ...o, metadata: { namespace: 'demo', ...o.metadata } }),
    );
    const rollout = objects.find(o => o.kind === 'Rollout');
    const analysisTemplates = objects.filter(
      o => o.kind === 'AnalysisTemplate',
    );
    const context = {
      namespace: 'demo',
      analysisTemplates,
      services: objects.filter(o => o.kind === 'Service'),
      ingresses: objects.filter(o => o.kind === 'Ingress'),
    };
    // The address the demo templates query.
    const prometheusAddress =
      analysisTemplates[0].spec.metrics[0].provider.prometheus.address;
    const plan = (preset: string) => {
      const { defaults, policies } = platform();
      const result = planStrategyChange(
        rollout,
        defaults.presets[preset].spec,
        { settings: { prometheusAddress }, policies },
      );
      return {
        ...result,
        findings: lintRollout(result.rollout, policies, context),
      };
    };

    it.each(['quick-canary', 'background-canary'])(
      'to %s passes the lint, so it can be applied',
      preset => {
        const result = plan(preset);
        expect(result.findings).toEqual([]);
        expect((result.rollout as any).spec.strategy.canary).toMatchObject({
          stableService: 'user-service-stable',
          canaryService: 'user-service-canary',
          trafficRouting: { nginx: { stableIngress: 'user-service' } },
        });
      },
    );

    it('to a preset with step analysis is refused: the demo templates run until stopped', () => {
      const result = plan('fast-canary');
      expect(hasErrors(result.findings)).toBe(true);
      expect(result.findings.map(f => f.rule)).toContain(
        'upstream/analysis-runs-indefinitely',
      );
    });
  });
});
