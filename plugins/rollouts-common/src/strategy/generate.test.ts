import {
  BUILT_IN_PRESETS,
  generateManifests,
  parseYamlDocuments,
  type GeneratorSettings,
  type ServiceInputs,
  type StrategySpec,
} from '.';
import { KUBERNETES_ID_ANNOTATION } from '../model/conventions';
import { lintManifests } from '../policy';

const service: ServiceInputs = {
  name: 'user-service',
  image: 'ghcr.io/gradual/user-service:1.2.3',
  port: 8080,
  namespace: 'demo',
  replicas: 4,
  environment: 'production',
};
const settings: GeneratorSettings = {
  prometheusAddress: 'http://127.0.0.1:19090',
  cluster: 'local',
  judge: { url: 'http://127.0.0.1:7007/api/rollouts/analysis/judge' },
};

const find = (objects: any[], kind: string, name?: string) =>
  objects.find(o => o.kind === kind && (!name || o.metadata.name === name));

describe('generateManifests', () => {
  it.each(Object.keys(BUILT_IN_PRESETS))(
    'generates consistent, lint-clean manifests for preset %s',
    presetName => {
      const { objects, yaml, files } = generateManifests(
        BUILT_IN_PRESETS[presetName].spec,
        service,
        settings,
      );
      for (const object of objects) {
        expect(object.metadata.labels?.[KUBERNETES_ID_ANNOTATION]).toBe(
          'user-service',
        );
        expect(object.metadata.namespace).toBe('demo');
      }
      expect(parseYamlDocuments(yaml)).toEqual(objects);
      expect(yaml).not.toMatch(/[&*]a\d/); // no YAML anchors or aliases
      expect(files.flatMap(f => parseYamlDocuments(f.content))).toHaveLength(
        objects.length,
      );
      expect(lintManifests(objects)).toEqual([]);
    },
  );

  it('builds an nginx canary with stable/canary Services, Ingress and a header segment', () => {
    const { objects } = generateManifests(
      BUILT_IN_PRESETS['standard-canary'].spec,
      service,
      settings,
    );
    const rollout = find(objects, 'Rollout');
    expect(rollout.spec.replicas).toBe(4);
    expect(rollout.spec.template.spec.containers[0]).toMatchObject({
      image: service.image,
      ports: [{ containerPort: 8080, name: 'http' }],
    });
    expect(
      rollout.spec.template.metadata.labels[KUBERNETES_ID_ANNOTATION],
    ).toBe('user-service');
    const canary = rollout.spec.strategy.canary;
    expect(canary.stableService).toBe('user-service-stable');
    expect(canary.canaryService).toBe('user-service-canary');
    expect(canary.trafficRouting.nginx).toEqual({
      stableIngress: 'user-service',
      additionalIngressAnnotations: {
        'canary-by-header': 'X-Canary',
        'canary-by-header-value': 'always',
      },
    });
    expect(canary.steps[0]).toEqual({ setWeight: 10 });
    expect(canary.steps[1]).toEqual({ pause: { duration: '2m' } });
    expect(canary.steps[2].analysis.templates).toEqual([
      { templateName: 'success-rate' },
      { templateName: 'error-rate' },
      { templateName: 'latency-p99' },
    ]);
    expect(canary.steps[2].analysis.args).toEqual([
      {
        name: 'namespace',
        valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
      },
      {
        name: 'rollout',
        valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
      },
      { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
    ]);
    expect(find(objects, 'Service', 'user-service-stable')).toBeDefined();
    expect(find(objects, 'Service', 'user-service-canary')).toBeDefined();
    const ingress = find(objects, 'Ingress', 'user-service');
    expect(ingress.spec.rules[0].host).toBe('user-service.demo.local');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(
      'user-service-stable',
    );
    expect(
      objects
        .filter(o => o.kind === 'AnalysisTemplate')
        .map(o => o.metadata.name),
    ).toEqual(['success-rate', 'error-rate', 'latency-p99']);
  });

  it('writes the PromQL and thresholds of the analysis templates', () => {
    const { objects } = generateManifests(
      BUILT_IN_PRESETS['standard-canary'].spec,
      service,
      { ...settings, thresholds: { successRate: 0.995 } },
    );
    const success = find(objects, 'AnalysisTemplate', 'success-rate');
    expect(success.spec.args).toContainEqual({
      name: 'threshold',
      value: '0.995',
    });
    const metric = success.spec.metrics[0];
    expect(metric.provider.prometheus.address).toBe('http://127.0.0.1:19090');
    expect(metric.provider.prometheus.query).toContain(
      'http_requests_total{namespace="{{args.namespace}}",rollout="{{args.rollout}}",rollouts_pod_template_hash="{{args.canary-hash}}",status!~"5.."}',
    );
    expect(metric.successCondition).toBe(
      'isNaN(result[0]) || result[0] >= {{args.threshold}}',
    );
    const errors = find(objects, 'AnalysisTemplate', 'error-rate');
    expect(errors.spec.args).toContainEqual({
      name: 'threshold',
      value: '0.01',
    });
    expect(errors.spec.metrics[0].provider.prometheus.query).toContain(
      'status=~"5.."',
    );
    const latency = find(objects, 'AnalysisTemplate', 'latency-p99');
    expect(latency.spec.args).toContainEqual({
      name: 'threshold',
      value: '0.5',
    });
    expect(latency.spec.metrics[0].provider.prometheus.query).toMatch(
      /^histogram_quantile\(0\.99, sum by \(le\) \(rate\(http_request_duration_seconds_bucket\{/,
    );
  });

  it('builds the canary-judge template from the configured URL', () => {
    const { objects } = generateManifests(
      BUILT_IN_PRESETS['judge-canary'].spec,
      service,
      {
        ...settings,
        judge: {
          url: 'http://judge.example/judge',
          tokenSecret: { name: 's', key: 'k' },
        },
      },
    );
    const judge = find(objects, 'AnalysisTemplate', 'canary-judge');
    const metric = judge.spec.metrics[0];
    expect(metric.provider.web.url).toBe(
      'http://judge.example/judge?cluster=local&namespace={{args.namespace}}&rollout={{args.rollout}}&canaryHash={{args.canary-hash}}&stableHash={{args.stable-hash}}&window={{args.window}}&looks=5&passScore={{args.pass-score}}&marginalScore={{args.marginal-score}}',
    );
    expect(metric.provider.web.jsonPath).toBe('{$.score}');
    expect(metric.successCondition).toBe('result >= {{args.pass-score}}');
    expect(metric.failureCondition).toBe('result < {{args.marginal-score}}');
    expect(judge.spec.args).toContainEqual({
      name: 'judge-token',
      valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
    });
    const rollout = find(objects, 'Rollout');
    expect(rollout.spec.strategy.canary.steps[2].analysis.args).toContainEqual({
      name: 'stable-hash',
      valueFrom: { podTemplateHashValue: 'Stable' },
    });
  });

  it('refuses the judge preset without a judge URL', () => {
    expect(() =>
      generateManifests(BUILT_IN_PRESETS['judge-canary'].spec, service, {
        prometheusAddress: 'http://p',
      }),
    ).toThrow(/judge URL \(rollouts.defaults.judge.url\)/);
  });

  it('builds blue-green with active/preview Services and promotion analysis', () => {
    const { objects } = generateManifests(
      BUILT_IN_PRESETS['blue-green-auto'].spec,
      service,
      settings,
    );
    const blueGreen = find(objects, 'Rollout').spec.strategy.blueGreen;
    expect(blueGreen).toMatchObject({
      activeService: 'user-service-active',
      previewService: 'user-service-preview',
      autoPromotionEnabled: true,
      autoPromotionSeconds: 60,
      scaleDownDelaySeconds: 120,
    });
    expect(blueGreen.prePromotionAnalysis.templates).toHaveLength(3);
    expect(blueGreen.postPromotionAnalysis.templates).toEqual([
      { templateName: 'error-rate' },
    ]);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Rollout/user-service',
      'Service/user-service-active',
      'Service/user-service-preview',
      'AnalysisTemplate/success-rate',
      'AnalysisTemplate/error-rate',
      'AnalysisTemplate/latency-p99',
    ]);
  });

  it('builds a basic canary without traffic routing with one Service', () => {
    const spec: StrategySpec = {
      strategy: 'canary',
      steps: [{ setWeight: 50 }, { pause: {} }],
    };
    const { objects } = generateManifests(spec, service, settings);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Rollout/user-service',
      'Service/user-service',
    ]);
    expect(find(objects, 'Rollout').spec.strategy).toEqual({
      canary: { steps: [{ setWeight: 50 }, { pause: {} }] },
    });
  });

  it('passes custom analysis args and overrides template defaults', () => {
    const spec: StrategySpec = {
      strategy: 'canary',
      trafficRouting: { nginx: {} },
      steps: [
        { setWeight: 5 },
        {
          analysis: {
            templates: ['success-rate'],
            args: { threshold: '0.999' },
          },
        },
      ],
    };
    const { objects } = generateManifests(spec, service, settings);
    expect(
      find(objects, 'Rollout').spec.strategy.canary.steps[1].analysis.args,
    ).toContainEqual({
      name: 'threshold',
      value: '0.999',
    });
  });
});
