import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse, parseAllDocuments } from 'yaml';
import { readRolloutsPlatformConfig } from '.';
import { hasErrors, lintRollout } from '../policy';
import { planStrategyChange, resolveStrategy } from '../strategy';

// The demo portal's app-config and the demo workloads of the local cluster:
// a typo in the config would stop the backend at start-up, and the e2e test
// changes user-service from one preset to another.
const ROOT = path.resolve(__dirname, '../../../..');
const platform = () =>
  readRolloutsPlatformConfig(
    new ConfigReader(
      parse(fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8')),
    ),
  );
const demo = (file: string) =>
  parseAllDocuments(
    fs
      .readFileSync(path.join(ROOT, 'packages/cluster/demo', file), 'utf8')
      .replace(/\$\{PROMETHEUS_URL\}/g, 'http://127.0.0.1:9090'),
  )
    .map(d => d.toJS())
    .filter(Boolean)
    .map(o => ({ ...o, metadata: { namespace: 'demo', ...o.metadata } }));

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
    const objects = [
      ...demo('user-service.yaml'),
      ...demo('analysis-templates.yaml'),
    ];
    const rollout = objects.find(o => o.kind === 'Rollout');
    const context = {
      namespace: 'demo',
      analysisTemplates: objects.filter(o => o.kind === 'AnalysisTemplate'),
      services: objects.filter(o => o.kind === 'Service'),
      ingresses: objects.filter(o => o.kind === 'Ingress'),
    };
    const plan = (preset: string) => {
      const { defaults, policies } = platform();
      const result = planStrategyChange(
        rollout,
        defaults.presets[preset].spec,
        {
          settings: { prometheusAddress: 'http://127.0.0.1:9090' },
          policies,
        },
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
