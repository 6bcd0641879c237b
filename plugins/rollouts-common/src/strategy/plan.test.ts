import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ARGO_ROLLOUTS_FIXTURES_DIR } from '@gradual/test-utils';
import {
  BUILT_IN_PRESETS,
  planStrategyChange,
  strategySpecFromRollout,
} from '.';

const FIXTURES = path.join(ARGO_ROLLOUTS_FIXTURES_DIR, 'info/testdata');
const fixture = (file: string) =>
  parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
const settings = { prometheusAddress: 'http://127.0.0.1:19090' };

describe('planStrategyChange', () => {
  it('plans a switch of a live blue-green rollout to the standard canary', () => {
    const live = fixture('blue-green/bluegreen-rollout.yaml');
    const plan = planStrategyChange(
      live,
      BUILT_IN_PRESETS['standard-canary'].spec,
      {
        settings,
        policies: { maxFirstCanaryWeight: 25 },
      },
    );
    const canary = (plan.rollout as any).spec.strategy.canary;
    // the active Service keeps the production traffic as the stable Service
    expect(canary.stableService).toBe(
      live.spec.strategy.blueGreen.activeService,
    );
    expect(canary.canaryService).toBe(
      live.spec.strategy.blueGreen.previewService,
    );
    expect(plan.patch).toEqual([
      {
        op: 'test',
        path: '/metadata/resourceVersion',
        value: live.metadata.resourceVersion,
      },
      {
        op: 'replace',
        path: '/spec/strategy',
        value: (plan.rollout as any).spec.strategy,
      },
    ]);
    expect(plan.yamlDiff).toContain('--- bluegreen-demo (live)');
    expect(plan.yamlDiff).toContain('-  blueGreen:');
    expect(plan.yamlDiff).toContain('+  canary:');
    expect(plan.yamlDiff).toContain('+      - setWeight: 10');
    expect(plan.findings).toEqual([]);
    expect(plan.managedByArgoCd).toBe(false);
    expect((plan.rollout as any).status).toBeUndefined();
    expect(live.status).toBeDefined();
    expect(plan.rolloutYaml).not.toContain('resourceVersion');
    expect(plan.rolloutYaml).toContain('name: bluegreen-demo');
    expect(
      plan.companionObjects.map(o => `${o.kind}/${o.metadata.name}`),
    ).toEqual([
      `Service/${canary.stableService}`,
      `Service/${canary.canaryService}`,
      'Ingress/bluegreen-demo',
      'AnalysisTemplate/success-rate',
      'AnalysisTemplate/error-rate',
      'AnalysisTemplate/latency-p99',
    ]);
    const ingress: any = plan.companionObjects.find(o => o.kind === 'Ingress');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(
      canary.stableService,
    );
  });

  it('keeps the service names of a live canary and reports policy findings', () => {
    const live = fixture('canary/canary-rollout.yaml');
    live.spec.strategy.canary.stableService = 'demo-stable';
    live.spec.strategy.canary.canaryService = 'demo-canary';
    const plan = planStrategyChange(
      live,
      {
        strategy: 'canary',
        trafficRouting: { nginx: {} },
        steps: [{ setWeight: 60 }, { pause: {} }],
      },
      {
        settings,
        policies: {
          maxFirstCanaryWeight: 25,
          requireAnalysisInNamespaces: ['*'],
        },
      },
    );
    const canary = (plan.rollout as any).spec.strategy.canary;
    expect(canary.stableService).toBe('demo-stable');
    expect(plan.findings.map(f => f.rule)).toEqual([
      'require-analysis',
      'max-first-canary-weight',
    ]);
  });

  it('flags rollouts that Argo CD tracks', () => {
    const live = fixture('canary/canary-rollout.yaml');
    live.metadata.annotations = {
      ...live.metadata.annotations,
      'argocd.argoproj.io/tracking-id':
        'demo:argoproj.io/Rollout:default/canary-demo',
    };
    const plan = planStrategyChange(
      live,
      BUILT_IN_PRESETS['fast-canary'].spec,
      { settings },
    );
    expect(plan.managedByArgoCd).toBe(true);
  });
});

describe('the file to commit', () => {
  it("leaves out the server fields and kubectl's last-applied copy, keeps other annotations", () => {
    const live = fixture('blue-green/bluegreen-rollout.yaml');
    live.metadata.annotations = {
      ...live.metadata.annotations,
      'kubectl.kubernetes.io/last-applied-configuration': '{"secret":"x"}',
      'argocd.argoproj.io/tracking-id': 'app:argoproj.io/Rollout:ns/x',
    };
    live.metadata.managedFields = [{ manager: 'kubectl' }];
    const plan = planStrategyChange(
      live,
      BUILT_IN_PRESETS['fast-canary'].spec,
      { settings },
    );
    expect(plan.rolloutYaml).not.toContain('last-applied-configuration');
    expect(plan.rolloutYaml).not.toContain('managedFields');
    expect(plan.rolloutYaml).toContain('argocd.argoproj.io/tracking-id');
    expect(plan.managedByArgoCd).toBe(true);
  });
});

describe('the YAML diff', () => {
  it('ignores the key order of the live object', () => {
    const live = fixture('canary/canary-rollout.yaml');
    const spec = strategySpecFromRollout(live).spec!;
    const generated = (
      planStrategyChange(live, spec, { settings }).rollout as any
    ).spec.strategy.canary;
    // the same strategy, its keys in reverse order
    live.spec.strategy = {
      canary: Object.fromEntries(Object.entries(generated).reverse()),
    };
    const plan = planStrategyChange(live, spec, { settings });
    expect(plan.yamlDiff).toContain('--- canary-demo (live)');
    expect(plan.yamlDiff).not.toMatch(/^[+-](?![+-]{2})/m);
  });
});
