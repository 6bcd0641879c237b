import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ARGO_ROLLOUTS_FIXTURES_DIR } from '@gradual/test-utils';
import { formatFinding, hasErrors, lintManifests, lintRollout } from '.';
import { BUILT_IN_PRESETS, generateManifests } from '../strategy';

const FIXTURES = path.join(ARGO_ROLLOUTS_FIXTURES_DIR, 'info/testdata');
const fixture = (file: string) =>
  parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));

/** A valid nginx canary Rollout; tests change one thing at a time. */
function canaryRollout(
  canary: Record<string, unknown> = {},
  namespace = 'demo',
): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'web:1' }] },
      },
      strategy: {
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting: { nginx: { stableIngress: 'web' } },
          steps: [
            { setWeight: 10 },
            { pause: { duration: '1m' } },
            { analysis: { templates: [{ templateName: 'success-rate' }] } },
            { setWeight: 50 },
          ],
          ...canary,
        },
      },
    },
  };
}

function blueGreenRollout(blueGreen: Record<string, unknown> = {}): any {
  const rollout = canaryRollout();
  rollout.spec.strategy = {
    blueGreen: {
      activeService: 'web-active',
      previewService: 'web-preview',
      autoPromotionEnabled: false,
      prePromotionAnalysis: { templates: [{ templateName: 'success-rate' }] },
      scaleDownDelaySeconds: 60,
      ...blueGreen,
    },
  };
  return rollout;
}

const rules = (findings: { rule: string }[]) => findings.map(f => f.rule);

describe('lintRollout: upstream rules', () => {
  it('accepts valid canary and blue-green rollouts', () => {
    expect(lintRollout(canaryRollout())).toEqual([]);
    expect(lintRollout(blueGreenRollout())).toEqual([]);
  });

  it('accepts the upstream fixtures that the controller accepts', () => {
    expect(lintRollout(fixture('canary/canary-rollout.yaml'))).toEqual([]);
    expect(lintRollout(fixture('blue-green/bluegreen-rollout.yaml'))).toEqual(
      [],
    );
  });

  it('reports the selector mismatch of the rollout-invalid fixture like the controller', () => {
    const findings = lintRollout(
      fixture('rollout-invalid/rollout-invalid.yaml'),
    );
    expect(findings).toEqual([
      {
        rule: 'upstream/selector',
        severity: 'error',
        path: 'spec.template.metadata.labels',
        message: '`selector` does not match template `labels` (app=basic)',
      },
    ]);
  });

  it('reports a missing or double strategy', () => {
    const none = canaryRollout();
    none.spec.strategy = {};
    expect(rules(lintRollout(none))).toEqual(['upstream/strategy']);
    const both = canaryRollout();
    both.spec.strategy.blueGreen = { activeService: 'a', previewService: 'b' };
    expect(lintRollout(both)[0].message).toBe(
      'Multiple Strategies can not be listed',
    );
  });

  it('checks setWeight against 100 or maxTrafficWeight', () => {
    const tooHigh = canaryRollout({ steps: [{ setWeight: 120 }] });
    expect(lintRollout(tooHigh)).toEqual([
      expect.objectContaining({
        rule: 'upstream/set-weight-range',
        path: 'spec.strategy.canary.steps[0].setWeight',
        message: 'SetWeight needs to be between 0 and 100',
      }),
    ]);
    const withMax = canaryRollout({
      trafficRouting: {
        nginx: { stableIngress: 'web' },
        maxTrafficWeight: 1000,
      },
      steps: [{ setWeight: 500 }],
    });
    expect(lintRollout(withMax)).toEqual([]);
  });

  it('checks pause durations the way Argo parses them', () => {
    for (const ok of [30, '30', '30s', '1h30m', '0']) {
      expect(
        lintRollout(canaryRollout({ steps: [{ pause: { duration: ok } }] })),
      ).toEqual([]);
    }
    for (const bad of ['30x', '-5s', 'soon', -1]) {
      expect(
        rules(
          lintRollout(canaryRollout({ steps: [{ pause: { duration: bad } }] })),
        ),
      ).toEqual(['upstream/pause-duration']);
    }
  });

  it('requires exactly one step type', () => {
    const findings = lintRollout(
      canaryRollout({ steps: [{}, { setWeight: 10, pause: {} }] }),
    );
    expect(findings.map(f => f.path)).toEqual([
      'spec.strategy.canary.steps[0]',
      'spec.strategy.canary.steps[1]',
    ]);
  });

  it('requires distinct services', () => {
    expect(
      rules(lintRollout(canaryRollout({ canaryService: 'web-stable' }))),
    ).toEqual(['upstream/distinct-services']);
    expect(
      lintRollout(blueGreenRollout({ previewService: 'web-active' }))[0]
        .message,
    ).toBe(
      'This rollout uses the same service for the active and preview services, but two different services are required.',
    );
  });

  it('requires stable and canary services with traffic routing', () => {
    expect(
      rules(lintRollout(canaryRollout({ canaryService: undefined }))),
    ).toEqual(['upstream/traffic-routing-services']);
  });

  it('rejects setHeaderRoute with nginx and explains the nginx alternative', () => {
    const findings = lintRollout(
      canaryRollout({
        trafficRouting: {
          nginx: { stableIngress: 'web' },
          managedRoutes: [{ name: 'beta' }],
        },
        steps: [{ setHeaderRoute: { name: 'beta' } }],
      }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'upstream/set-header-route-router',
        message: expect.stringContaining('canary-by-header'),
      }),
    ]);
  });

  it('requires setHeaderRoute names in managedRoutes', () => {
    const istio = { istio: { virtualService: { name: 'vs' } } };
    expect(
      rules(
        lintRollout(
          canaryRollout({
            trafficRouting: istio,
            steps: [{ setHeaderRoute: { name: 'beta' } }],
          }),
        ),
      ),
    ).toEqual(['upstream/managed-routes']);
    expect(
      lintRollout(
        canaryRollout({
          trafficRouting: { ...istio, managedRoutes: [{ name: 'alpha' }] },
          steps: [{ setHeaderRoute: { name: 'beta' } }],
        }),
      )[0].message,
    ).toContain(
      "does not exist in spec.strategy.canary.trafficRouting.managedRoutes: 'beta'",
    );
    expect(
      lintRollout(
        canaryRollout({
          trafficRouting: { ...istio, managedRoutes: [{ name: 'beta' }] },
          steps: [
            {
              setHeaderRoute: {
                name: 'beta',
                match: [
                  { headerName: 'X-Tier', headerValue: { exact: 'beta' } },
                ],
              },
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('requires traffic routing for setCanaryScale and canary scaleDownDelaySeconds', () => {
    const basic = canaryRollout({
      trafficRouting: undefined,
      stableService: undefined,
      canaryService: undefined,
      scaleDownDelaySeconds: 30,
      steps: [{ setCanaryScale: { replicas: 1 } }],
    });
    expect(rules(lintRollout(basic))).toEqual([
      'upstream/canary-scale-down-delay',
      'upstream/set-canary-scale-routing',
    ]);
  });

  it('rejects maxSurge and maxUnavailable both zero', () => {
    expect(
      rules(lintRollout(canaryRollout({ maxSurge: 0, maxUnavailable: '0%' }))),
    ).toEqual(['upstream/max-surge-unavailable']);
  });

  it('needs an nginx stable ingress', () => {
    expect(
      lintRollout(canaryRollout({ trafficRouting: { nginx: {} } }))[0].message,
    ).toBe(
      'Either StableIngress or StableIngresses must be configured. Neither are configured.',
    );
  });

  it('never throws on malformed live objects', () => {
    expect(rules(lintRollout({}))).toEqual(['upstream/spec']);
    expect(() =>
      lintRollout({ spec: { strategy: { canary: { steps: [null, 3] } } } }),
    ).not.toThrow();
  });
});

describe('lintRollout: platform policies', () => {
  it('requireAnalysisInNamespaces', () => {
    const policies = { requireAnalysisInNamespaces: ['prod*'] };
    const noAnalysis = canaryRollout(
      { steps: [{ setWeight: 10 }, { pause: {} }] },
      'prod-eu',
    );
    expect(lintRollout(noAnalysis, policies)).toEqual([
      expect.objectContaining({
        rule: 'require-analysis',
        severity: 'error',
        message: expect.stringContaining("namespaces matching 'prod*'"),
      }),
    ]);
    expect(lintRollout(canaryRollout({}, 'prod-eu'), policies)).toEqual([]);
    expect(
      lintRollout(
        { ...noAnalysis, metadata: { name: 'web', namespace: 'dev' } },
        policies,
      ),
    ).toEqual([]);
    const bg = blueGreenRollout({ prePromotionAnalysis: undefined });
    expect(
      rules(lintRollout(bg, policies, { namespace: 'production' })),
    ).toEqual(['require-analysis']);
  });

  it('requireAnalysisInEnvironments', () => {
    const noAnalysis = canaryRollout({ steps: [{ setWeight: 10 }] });
    const policies = { requireAnalysisInEnvironments: ['production'] };
    expect(
      rules(lintRollout(noAnalysis, policies, { environment: 'production' })),
    ).toEqual(['require-analysis']);
    expect(
      lintRollout(noAnalysis, policies, { environment: 'staging' }),
    ).toEqual([]);
  });

  it('maxFirstCanaryWeight', () => {
    const policies = { maxFirstCanaryWeight: 25 };
    expect(lintRollout(canaryRollout(), policies)).toEqual([]);
    expect(
      lintRollout(canaryRollout({ steps: [{ setWeight: 40 }] }), policies),
    ).toEqual([
      expect.objectContaining({
        rule: 'max-first-canary-weight',
        path: 'spec.strategy.canary.steps[0].setWeight',
        message:
          'The first canary step sends 40% of the traffic; the platform allows at most 25%',
      }),
    ]);
    expect(
      rules(lintRollout(canaryRollout({ steps: [{ pause: {} }] }), policies)),
    ).toEqual(['max-first-canary-weight']);
  });

  it('forbidAutoPromotionWithoutPrePromotionAnalysis, including Argo default auto promotion', () => {
    const policies = { forbidAutoPromotionWithoutPrePromotionAnalysis: true };
    expect(
      lintRollout(blueGreenRollout({ autoPromotionEnabled: true }), policies),
    ).toEqual([]);
    expect(
      lintRollout(
        blueGreenRollout({
          autoPromotionEnabled: undefined,
          prePromotionAnalysis: undefined,
        }),
        policies,
      ),
    ).toEqual([
      expect.objectContaining({
        rule: 'auto-promotion-needs-analysis',
        message: expect.stringContaining('Argo default'),
      }),
    ]);
    expect(
      lintRollout(
        blueGreenRollout({
          autoPromotionEnabled: false,
          prePromotionAnalysis: undefined,
        }),
        policies,
      ),
    ).toEqual([]);
  });

  it('minScaleDownDelaySeconds, including the Argo default of 30', () => {
    const policies = { minScaleDownDelaySeconds: 45 };
    expect(
      lintRollout(blueGreenRollout({ scaleDownDelaySeconds: 60 }), policies),
    ).toEqual([]);
    expect(
      lintRollout(
        blueGreenRollout({ scaleDownDelaySeconds: undefined }),
        policies,
      )[0].message,
    ).toBe(
      'scaleDownDelaySeconds is 30 (Argo default); the platform requires at least 45 so that clients drain and a switch back stays instant',
    );
  });

  it('warns when weights go down again', () => {
    expect(
      lintRollout(
        canaryRollout({ steps: [{ setWeight: 50 }, { setWeight: 20 }] }),
      ),
    ).toEqual([
      expect.objectContaining({
        rule: 'weights-non-decreasing',
        severity: 'warning',
      }),
    ]);
  });

  it('lets the platform change the severity of a rule', () => {
    const findings = lintRollout(
      canaryRollout({ steps: [{ setWeight: 40 }] }),
      {
        maxFirstCanaryWeight: 25,
        severities: { 'max-first-canary-weight': 'warning' },
      },
    );
    expect(findings[0].severity).toBe('warning');
    expect(hasErrors(findings)).toBe(false);
  });
});

describe('lintManifests: references', () => {
  const generated = () =>
    generateManifests(
      BUILT_IN_PRESETS['standard-canary'].spec,
      { name: 'web', image: 'web:1', port: 8080, namespace: 'demo' },
      { prometheusAddress: 'http://p:9090' },
    ).objects as any[];

  it('finds a missing analysis template, service and ingress backend', () => {
    const objects = generated().filter(
      o =>
        !(o.kind === 'AnalysisTemplate' && o.metadata.name === 'latency-p99') &&
        !(o.kind === 'Service' && o.metadata.name === 'web-canary'),
    );
    const ingress = objects.find(o => o.kind === 'Ingress');
    ingress.spec.rules[0].http.paths[0].backend.service.name = 'elsewhere';
    const findings = lintManifests(objects);
    expect(findings.map(formatFinding)).toEqual([
      "ERROR [upstream/analysis-template-exists] Rollout/web spec.strategy.canary.steps[2].analysis: AnalysisTemplate 'latency-p99' not found (known: success-rate, error-rate)",
      "ERROR [upstream/analysis-template-exists] Rollout/web spec.strategy.canary.steps[5].analysis: AnalysisTemplate 'latency-p99' not found (known: success-rate, error-rate)",
      "ERROR [upstream/analysis-template-exists] Rollout/web spec.strategy.canary.steps[8].analysis: AnalysisTemplate 'latency-p99' not found (known: success-rate, error-rate)",
      "ERROR [upstream/service-exists] Rollout/web spec.strategy.canary.canaryService: Service 'web-canary' is not defined",
      'ERROR [upstream/ingress-stable-backend] Rollout/web spec.strategy.canary.trafficRouting.nginx.stableIngress: ingress `web` has no rules using service web-stable backend',
    ]);
  });

  it('checks every nginx stableIngresses entry (the CRD field), not only stableIngress', () => {
    const objects = generated();
    const rollout = objects.find(o => o.kind === 'Rollout');
    const nginx = rollout.spec.strategy.canary.trafficRouting.nginx;
    const [ingressName] = [nginx.stableIngress];
    delete nginx.stableIngress;
    nginx.stableIngresses = [ingressName];
    expect(lintManifests(objects).map(formatFinding)).toEqual([]);
    nginx.stableIngresses = [ingressName, 'web-internal'];
    expect(lintManifests(objects).map(formatFinding)).toEqual([
      "ERROR [upstream/ingress-exists] Rollout/web spec.strategy.canary.trafficRouting.nginx.stableIngresses: Ingress 'web-internal' is not defined",
    ]);
  });

  it('finds a service selector that does not match the pods and an endless step analysis', () => {
    const objects = generated();
    objects.find(o => o.metadata.name === 'web-stable').spec.selector = {
      app: 'other',
    };
    delete objects.find(o => o.metadata.name === 'success-rate').spec.metrics[0]
      .count;
    expect(rules(lintManifests(objects))).toEqual([
      'upstream/analysis-runs-indefinitely',
      'upstream/analysis-runs-indefinitely',
      'upstream/analysis-runs-indefinitely',
      'upstream/service-selector',
    ]);
  });

  it('reports manifests without a Rollout', () => {
    expect(rules(lintManifests([]))).toEqual(['rollout-present']);
  });
});
