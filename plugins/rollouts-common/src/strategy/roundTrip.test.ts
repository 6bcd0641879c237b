/*
 * Live Rollout → StrategySpec → plan: starting from the live strategy changes
 * nothing, a change shows (and patches) only itself, and the live fields the
 * spec does not manage survive. Uses the demo's Rollouts (fixtures of this
 * folder) and the upstream Argo Rollouts fixtures, read where they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ARGO_ROLLOUTS_FIXTURES_DIR } from '@gradual/test-utils';
import {
  BUILT_IN_PRESETS,
  canonicalStrategy,
  generateManifests,
  planStrategyChange,
  strategySpecFromRollout,
} from '.';
import type { CanaryStrategySpec, StrategySpec } from './types';

// The Rollouts of the local cluster's demo, kept here as fixtures.
const DEMO_DIR = path.join(__dirname, '__fixtures__');
const UPSTREAM_DIR = path.join(ARGO_ROLLOUTS_FIXTURES_DIR, 'info/testdata');
const settings = { prometheusAddress: 'http://127.0.0.1:19090' };

function rolloutsIn(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS())
    .filter(o => o?.kind === 'Rollout');
}

const demoRollout = (name: string) => {
  const rollout = rolloutsIn(path.join(DEMO_DIR, `${name}.yaml`))[0];
  return {
    ...rollout,
    metadata: { ...rollout.metadata, namespace: 'demo', resourceVersion: '7' },
  };
};

const DEMO = ['user-service', 'order-service', 'payments-service'];
const UPSTREAM = fs
  .readdirSync(UPSTREAM_DIR)
  .flatMap(dir =>
    fs
      .readdirSync(path.join(UPSTREAM_DIR, dir))
      .filter(f => f.endsWith('.yaml'))
      .map(f => path.join(dir, f)),
  )
  .filter(f => rolloutsIn(path.join(UPSTREAM_DIR, f)).length > 0)
  .sort();

/** The +/- lines of a unified diff, without the file header. */
const changedLines = (diff: string) =>
  diff.split('\n').filter(l => /^[+-](?![+-]{2} )/.test(l));

const plan = (live: any, spec: StrategySpec) =>
  planStrategyChange(live, spec, { settings });

const replacement = (p: ReturnType<typeof plan>) =>
  p.patch.find(op => op.op === 'replace')?.value as any;

/** As the API server returns user-service: empty defaults, args reordered. */
function asServed(rollout: any) {
  const served = JSON.parse(JSON.stringify(rollout));
  const analysis = served.spec.strategy.canary.analysis;
  analysis.analysisRunMetadata = {};
  analysis.args.reverse();
  return served;
}

describe('live strategy → spec → plan', () => {
  it('finds the fixtures', () => {
    expect(UPSTREAM.length).toBeGreaterThanOrEqual(10);
  });

  it.each([
    ...DEMO.map(name => ['demo', name, () => demoRollout(name)] as const),
    ...UPSTREAM.map(
      file =>
        [
          'upstream',
          file,
          () => rolloutsIn(path.join(UPSTREAM_DIR, file))[0],
        ] as const,
    ),
  ])('%s %s: the current strategy is no change', (_source, _name, load) => {
    const live = load();
    const { spec } = strategySpecFromRollout(live);
    expect(spec).toBeDefined();
    const result = plan(live, spec!);
    expect(changedLines(result.yamlDiff)).toEqual([]);
    expect(result.unchanged).toBe(true);
    expect(result.patch).toEqual([]);
    // the Rollout to commit carries the live strategy
    expect(canonicalStrategy((result.rollout as any).spec.strategy)).toEqual(
      canonicalStrategy(live.spec.strategy),
    );
  });

  it('user-service as served (analysisRunMetadata: {}, args in another order) is no change', () => {
    const live = asServed(demoRollout('user-service'));
    const result = plan(live, strategySpecFromRollout(live).spec!);
    expect(result.yamlDiff).not.toContain('analysisRunMetadata');
    expect(changedLines(result.yamlDiff)).toEqual([]);
    expect(result.unchanged).toBe(true);
  });
});

describe('a change of the live strategy', () => {
  it('changing one step of user-service shows and patches only that step', () => {
    const live = asServed(demoRollout('user-service'));
    const spec = strategySpecFromRollout(live).spec as CanaryStrategySpec;
    spec.steps[2] = { setWeight: 40 };
    const result = plan(live, spec);
    expect(result.unchanged).toBe(false);
    expect(changedLines(result.yamlDiff)).toEqual([
      '-      - setWeight: 30',
      '+      - setWeight: 40',
    ]);
    // the patch is the live strategy with that step changed, nothing else
    const expected = JSON.parse(JSON.stringify(live.spec.strategy));
    expected.canary.steps[2] = { setWeight: 40 };
    expect(result.patch).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '7' },
      { op: 'replace', path: '/spec/strategy', value: expected },
    ]);
  });

  it('a preset keeps the live fields the spec does not manage', () => {
    const live = asServed(demoRollout('user-service'));
    const extras = {
      maxSurge: '50%',
      maxUnavailable: 0,
      dynamicStableScale: true,
      scaleDownDelaySeconds: 45,
      canaryMetadata: { labels: { role: 'canary' } },
      stableMetadata: { labels: { role: 'stable' } },
      antiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: { weight: 10 },
      },
      minPodsPerReplicaSet: 2,
    };
    Object.assign(live.spec.strategy.canary, extras);
    live.spec.strategy.canary.trafficRouting.nginx.annotationPrefix =
      'custom.nginx.org';
    live.spec.strategy.canary.trafficRouting.nginx.additionalStableIngresses = [
      'user-service-internal',
    ];
    live.spec.strategy.canary.analysis.dryRun = [{ metricName: 'latency' }];

    const preset: StrategySpec = {
      strategy: 'canary',
      trafficRouting: {
        nginx: { headerSegment: { header: 'X-User-Tier', value: 'beta' } },
      },
      backgroundAnalysis: {
        templates: ['success-rate', 'error-rate'],
        startingStep: 1,
      },
      steps: [
        { setWeight: 20 },
        { pause: { duration: '30s' } },
        { setWeight: 60 },
        { pause: { duration: '30s' } },
      ],
    };
    const result = plan(live, preset);
    const canary = replacement(result).canary;
    expect(canary).toMatchObject({
      ...extras,
      abortScaleDownDelaySeconds: 0,
      stableService: 'user-service-stable',
      canaryService: 'user-service-canary',
    });
    expect(canary.trafficRouting.nginx).toEqual({
      stableIngress: 'user-service',
      annotationPrefix: 'custom.nginx.org',
      additionalStableIngresses: ['user-service-internal'],
      additionalIngressAnnotations: {
        'canary-by-header': 'X-User-Tier',
        'canary-by-header-value': 'beta',
      },
    });
    expect(canary.analysis).toEqual({
      analysisRunMetadata: {},
      dryRun: [{ metricName: 'latency' }],
      startingStep: 1,
      templates: [
        { templateName: 'success-rate' },
        { templateName: 'error-rate' },
      ],
      // live order kept (as served: reversed); the preset sets no value of its own
      args: [
        { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
        {
          name: 'rollout',
          valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
        },
        {
          name: 'namespace',
          valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
        },
      ],
    });
    expect((result.rollout as any).spec.strategy).toEqual(replacement(result));

    const lines = changedLines(result.yamlDiff).join('\n');
    // the kept fields are no change
    for (const kept of [
      'abortScaleDownDelaySeconds',
      'analysisRunMetadata',
      'maxSurge',
      'dynamicStableScale',
      'canaryMetadata',
      'annotationPrefix',
      'namespace',
      'canary-hash',
      'success-rate',
    ]) {
      expect(lines).not.toContain(kept);
    }
    // the real changes are
    expect(lines).toContain('-        - templateName: latency-p99');
    expect(lines).toContain('+      - setWeight: 20');
    expect(lines).toContain('-          value: user-service');
  });

  it('dropping traffic routing drops the fields Argo allows with traffic routing only', () => {
    const live = demoRollout('user-service');
    live.spec.strategy.canary.dynamicStableScale = true;
    live.spec.strategy.canary.scaleDownDelaySeconds = 30;
    const result = plan(live, {
      strategy: 'canary',
      steps: [{ setWeight: 50 }, { pause: {} }],
    });
    const canary = replacement(result).canary;
    expect(canary.trafficRouting).toBeUndefined();
    expect(canary.dynamicStableScale).toBeUndefined();
    expect(canary.scaleDownDelaySeconds).toBeUndefined();
    expect(canary.analysis).toBeUndefined();
    // valid without traffic routing: kept
    expect(canary.abortScaleDownDelaySeconds).toBe(0);
    expect(canary.stableService).toBe('user-service-stable');
  });

  it('a blue-green edit keeps the valueFrom args of a custom template', () => {
    const live = demoRollout('order-service');
    const spec = strategySpecFromRollout(live).spec!;
    const result = plan(live, { ...spec, autoPromotionSeconds: 60 } as any);
    expect(changedLines(result.yamlDiff)).toEqual([
      '-    autoPromotionSeconds: 20',
      '+    autoPromotionSeconds: 60',
    ]);
    expect(
      replacement(result).blueGreen.prePromotionAnalysis.args.map(
        (a: any) => a.name,
      ),
    ).toEqual(['namespace', 'rollout', 'preview-hash']);
  });

  it('an upstream rollout keeps its experiment step when another step changes', () => {
    const live = rolloutsIn(
      path.join(
        UPSTREAM_DIR,
        'experiment-analysis/rollout-experiment-analysis.yaml',
      ),
    )[0];
    const spec = strategySpecFromRollout(live).spec as CanaryStrategySpec;
    spec.steps[0] = { setWeight: 30 };
    const result = plan(live, spec);
    expect(changedLines(result.yamlDiff)).toEqual([
      '-      - setWeight: 25',
      '+      - setWeight: 30',
    ]);
    expect(replacement(result).canary.steps[1]).toEqual(
      live.spec.strategy.canary.steps[1],
    );
  });

  it('switching the kind starts from the generated strategy', () => {
    const live = demoRollout('user-service');
    const result = plan(live, BUILT_IN_PRESETS['blue-green-manual'].spec);
    const strategy = replacement(result);
    expect(strategy.canary).toBeUndefined();
    expect(strategy.blueGreen.abortScaleDownDelaySeconds).toBeUndefined();
    expect(strategy.blueGreen.activeService).toBe('user-service-stable');
  });
});

describe('Istio routing and managed routes', () => {
  /** A live Istio canary with header and mirror routes, as upstream's examples write it. */
  const istioRollout = () => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'demo', resourceVersion: '9' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'web:1' }] },
      },
      strategy: {
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting: {
            managedRoutes: [{ name: 'mirror' }, { name: 'beta-users' }],
            istio: {
              virtualService: {
                name: 'web',
                routes: ['primary'],
                tcpRoutes: [{ port: 5432 }],
              },
              destinationRule: {
                name: 'web',
                canarySubsetName: 'canary',
                stableSubsetName: 'stable',
              },
            },
          },
          steps: [
            {
              setHeaderRoute: {
                name: 'beta-users',
                match: [
                  { headerName: 'X-User-Tier', headerValue: { exact: 'beta' } },
                ],
              },
            },
            {
              setMirrorRoute: {
                name: 'mirror',
                percentage: 35,
                match: [{ method: { exact: 'GET' }, path: { prefix: '/api' } }],
              },
            },
            { setWeight: 10 },
            { pause: {} },
            { setHeaderRoute: { name: 'beta-users' } },
          ],
        },
      },
    },
  });

  it('reads Istio routing, header and mirror routes; the rest is kept and named', () => {
    const { spec, unsupported } = strategySpecFromRollout(istioRollout());
    const canary = spec as CanaryStrategySpec;
    expect(canary.trafficRouting).toEqual({
      istio: { virtualService: { name: 'web', routes: ['primary'] } },
      managedRoutes: ['mirror', 'beta-users'],
    });
    expect(canary.steps[1]).toEqual({
      setMirrorRoute: {
        name: 'mirror',
        percentage: 35,
        match: [{ method: { exact: 'GET' }, path: { prefix: '/api' } }],
      },
    });
    expect(unsupported).toEqual([
      'spec.strategy.canary.trafficRouting.istio.destinationRule',
      'spec.strategy.canary.trafficRouting.istio.virtualService.tcpRoutes',
    ]);
  });

  it('the live Istio strategy is no change', () => {
    const live = istioRollout();
    const result = plan(live, strategySpecFromRollout(live).spec!);
    expect(changedLines(result.yamlDiff)).toEqual([]);
    expect(result.unchanged).toBe(true);
  });

  it('a new header route step keeps the DestinationRule and TCP routes', () => {
    const live = istioRollout();
    const spec = strategySpecFromRollout(live).spec as CanaryStrategySpec;
    spec.trafficRouting!.managedRoutes!.push('odd-users');
    spec.steps.unshift({
      setHeaderRoute: {
        name: 'odd-users',
        match: [
          {
            headerName: 'X-User-Id',
            headerValue: { regex: '^[0-9]*[13579]$' },
          },
        ],
      },
    });
    const result = plan(live, spec);
    const canary = replacement(result).canary;
    expect(canary.trafficRouting.istio).toEqual(
      live.spec.strategy.canary.trafficRouting.istio,
    );
    expect(canary.trafficRouting.managedRoutes).toEqual([
      { name: 'mirror' },
      { name: 'beta-users' },
      { name: 'odd-users' },
    ]);
    expect(canary.steps[0]).toEqual(spec.steps[0]);
    expect(canary.steps.slice(1)).toEqual(live.spec.strategy.canary.steps);
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  it('a step naming a route that is not managed is an error finding', () => {
    const live = istioRollout();
    const spec = strategySpecFromRollout(live).spec as CanaryStrategySpec;
    spec.steps.unshift({ setHeaderRoute: { name: 'nobody-manages-me' } });
    const messages = plan(live, spec).findings.map(f => f.message);
    expect(messages.join('\n')).toContain('nobody-manages-me');
  });

  it('generates a VirtualService for a new Istio service, and reads it back the same', () => {
    const spec: CanaryStrategySpec = {
      strategy: 'canary',
      trafficRouting: {
        istio: { virtualService: { name: 'shop' } },
        managedRoutes: ['beta-users'],
      },
      steps: [
        {
          setHeaderRoute: {
            name: 'beta-users',
            match: [
              { headerName: 'X-User-Tier', headerValue: { exact: 'beta' } },
            ],
          },
        },
        { setWeight: 20 },
        { pause: {} },
      ],
    };
    const { objects } = generateManifests(
      spec,
      { name: 'shop', image: 'shop:1', port: 8080, namespace: 'team' },
      settings,
    );
    const vs: any = objects.find(o => o.kind === 'VirtualService');
    expect(vs.metadata).toMatchObject({ name: 'shop', namespace: 'team' });
    expect(vs.spec.http).toEqual([
      {
        name: 'primary',
        route: [
          { destination: { host: 'shop-stable' }, weight: 100 },
          { destination: { host: 'shop-canary' }, weight: 0 },
        ],
      },
    ]);
    const rollout = objects.find(o => o.kind === 'Rollout')!;
    expect(strategySpecFromRollout(rollout)).toEqual({ spec, unsupported: [] });
  });
});
