import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { readAnalysisConfig } from '../config/analysisConfig';
import { CanaryJudgeService } from '../judge/CanaryJudgeService';
import { prometheusBody, startFakePrometheus } from '../testing/fakePrometheus';
import { AnalysisDryRunService } from './AnalysisDryRunService';

const TEMPLATE = `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
spec:
  args:
    - name: service
    - name: threshold
      value: "0.95"
  metrics:
    - name: success-rate
      successCondition: result[0] >= {{ args.threshold }}
      failureCondition: result[0] < 0.5
      provider:
        prometheus:
          query: sum(rate(ok{service="{{args.service}}"}[1m])) / sum(rate(all{service="{{args.service}}"}[1m]))
`;

describe('AnalysisDryRunService', () => {
  let prometheus: Awaited<ReturnType<typeof startFakePrometheus>>;
  let answers: Record<
    string,
    () => { status?: number; body: unknown; delayMs?: number }
  >;

  beforeAll(async () => {
    prometheus = await startFakePrometheus(({ query }) => {
      const key = Object.keys(answers).find(k => query.includes(k));
      return key ? answers[key]() : { body: prometheusBody.vector() };
    });
  });
  afterAll(() => prometheus.close());
  beforeEach(() => {
    answers = {};
    prometheus.requests.length = 0;
  });

  function service(
    extra: { getAnalysisTemplate?: any; timeoutSeconds?: number } = {},
  ) {
    const config = readAnalysisConfig(
      new ConfigReader({
        backend: { baseUrl: 'http://backstage.example:7007' },
        rollouts: {
          analysis: {
            prometheus: [
              {
                cluster: 'local',
                url: prometheus.url,
                aliases: ['http://prometheus.monitoring:9090'],
                timeoutSeconds: extra.timeoutSeconds ?? 5,
              },
            ],
          },
        },
      }),
    );
    return new AnalysisDryRunService({
      config,
      judge: new CanaryJudgeService({ config }),
      getAnalysisTemplate: extra.getAnalysisTemplate,
    });
  }

  it('resolves args, queries the configured Prometheus and applies Argo’s verdict', async () => {
    answers['service="checkout"'] = () => ({
      body: prometheusBody.vector('0.97'),
    });
    const { metrics } = await service().dryRun({
      cluster: 'local',
      template: TEMPLATE,
      args: [{ name: 'service', value: 'checkout' }],
    });
    expect(metrics).toEqual([
      {
        name: 'success-rate',
        provider: 'prometheus',
        phase: 'Successful',
        value: '[0.97]',
        durationMs: expect.any(Number),
        query:
          'sum(rate(ok{service="checkout"}[1m])) / sum(rate(all{service="checkout"}[1m]))',
      },
    ]);
    expect(prometheus.requests.map(r => r.path)).toEqual(['/api/v1/query']);
  });

  it.each([
    ['0.7', 'Inconclusive'],
    ['0.2', 'Failed'],
  ])('a value of %s is %s', async (value, phase) => {
    answers.checkout = () => ({ body: prometheusBody.vector(value) });
    const { metrics } = await service().dryRun({
      cluster: 'local',
      template: TEMPLATE,
      args: [{ name: 'service', value: 'checkout' }],
    });
    expect(metrics[0].phase).toBe(phase);
  });

  it('reports an empty vector as Error with Argo’s "no data" message', async () => {
    const { metrics } = await service().dryRun({
      cluster: 'local',
      template: TEMPLATE,
      args: [{ name: 'service', value: 'nothing' }],
    });
    expect(metrics[0]).toMatchObject({
      phase: 'Error',
      value: '[]',
      message: expect.stringContaining('metric result is nil or empty'),
    });
  });

  it('lets a request argument override a template default', async () => {
    answers.checkout = () => ({ body: prometheusBody.vector('0.97') });
    const { metrics } = await service().dryRun({
      cluster: 'local',
      template: TEMPLATE,
      args: [
        { name: 'service', value: 'checkout' },
        { name: 'threshold', value: '0.99' },
      ],
    });
    expect(metrics[0].phase).toBe('Inconclusive');
  });

  it('reports a Prometheus error and a timeout as Error', async () => {
    answers.broken = () => ({
      status: 400,
      body: prometheusBody.error('parse error at char 5'),
    });
    answers.slow = () => ({ body: prometheusBody.vector('1'), delayMs: 1500 });
    const dryRun = service({ timeoutSeconds: 1 });
    const run = (svc: string) =>
      dryRun.dryRun({
        cluster: 'local',
        template: TEMPLATE,
        args: [{ name: 'service', value: svc }],
      });
    expect((await run('broken')).metrics[0]).toMatchObject({
      phase: 'Error',
      message: 'Prometheus rejected the query: bad_data: parse error at char 5',
    });
    expect((await run('slow')).metrics[0]).toMatchObject({
      phase: 'Error',
      message: 'Prometheus did not answer within 1000 ms',
    });
  });

  it('accepts the configured address or an alias, and refuses any other (no SSRF)', async () => {
    const withAddress = (address: string) =>
      TEMPLATE.replace(
        '        prometheus:\n',
        `        prometheus:\n          address: ${address}\n`,
      );
    answers.checkout = () => ({ body: prometheusBody.vector('0.97') });
    const args = [{ name: 'service', value: 'checkout' }];
    const ok = await service().dryRun({
      cluster: 'local',
      template: withAddress('http://prometheus.monitoring:9090/'),
      args,
    });
    expect(ok.metrics[0].phase).toBe('Successful');
    await expect(
      service().dryRun({
        cluster: 'local',
        template: withAddress('http://169.254.169.254'),
        args,
      }),
    ).rejects.toThrow(/names its own Prometheus address/);
    expect(prometheus.requests).toHaveLength(1);
  });

  it('refuses a web metric that does not call the judge', async () => {
    const template = `
spec:
  metrics:
    - name: web
      successCondition: result == true
      provider:
        web:
          url: http://internal.example/admin
`;
    await expect(
      service().dryRun({ cluster: 'local', template }),
    ).rejects.toThrow(/names its own web address/);
  });

  it('marks other providers as Error without running them', async () => {
    const template = `
spec:
  metrics:
    - name: job
      provider:
        job:
          spec: {}
`;
    const { metrics } = await service().dryRun({ cluster: 'local', template });
    expect(metrics[0]).toMatchObject({
      phase: 'Error',
      provider: 'job',
      message: expect.stringMatching(/not run by the dry-run/),
    });
  });

  it.each([
    [
      'an unsupported condition',
      TEMPLATE.replace('result[0] < 0.5', 'result[0] matches "x"'),
      /Unsupported condition/,
    ],
    ['a missing argument', TEMPLATE, /args.service was not resolved/],
    [
      'an unknown tag',
      TEMPLATE.replace('{{args.service}}"}[1m])) /', '{{args.nope}}"}[1m])) /'),
      /failed to resolve \{\{args.nope\}\}/,
    ],
    ['invalid YAML', 'spec: [', /not valid YAML/],
    [
      'two documents',
      `${TEMPLATE}\n---\n${TEMPLATE}`,
      /exactly one YAML document/,
    ],
    ['no metrics', 'spec: { metrics: [] }', /at least one metric/],
  ])('answers 400 for %s', async (_, template, message) => {
    const args = template === TEMPLATE ? [] : [{ name: 'service', value: 'x' }];
    const error = await service()
      .dryRun({ cluster: 'local', template, args })
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });

  it('answers 400 for an unknown cluster', async () => {
    await expect(
      service().dryRun({ cluster: 'nope', template: TEMPLATE }),
    ).rejects.toThrow('No Prometheus is configured for cluster nope');
  });

  it('reads a template by name from the cluster', async () => {
    const getAnalysisTemplate = jest.fn(
      async (_c: string, _ns: string | undefined, name: string) =>
        name === 'success-rate' ? require('yaml').parse(TEMPLATE) : undefined,
    );
    answers.checkout = () => ({ body: prometheusBody.vector('0.99') });
    const dryRun = service({ getAnalysisTemplate });
    const { metrics } = await dryRun.dryRun({
      cluster: 'local',
      namespace: 'shop',
      template: { name: 'success-rate' },
      args: [{ name: 'service', value: 'checkout' }],
    });
    expect(metrics[0].phase).toBe('Successful');
    expect(getAnalysisTemplate).toHaveBeenCalledWith(
      'local',
      'shop',
      'success-rate',
    );
    await expect(
      dryRun.dryRun({ cluster: 'local', template: { name: 'missing' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('runs a web metric that calls the judge in-process and applies its jsonPath', async () => {
    answers['status=~"5.."'] = () => ({ body: prometheusBody.vector('5') });
    answers.increase = () => ({ body: prometheusBody.vector('1000') });
    answers.histogram_quantile = () => ({
      body: prometheusBody.matrix([
        '0.2',
        '0.21',
        '0.19',
        '0.2',
        '0.22',
        '0.18',
        '0.2',
        '0.21',
      ]),
    });
    const template = `
spec:
  args:
    - name: canary-hash
    - name: stable-hash
  metrics:
    - name: canary-judge
      successCondition: result >= 75
      provider:
        web:
          url: "http://backstage.example:7007/api/rollouts/analysis/judge?cluster=local&namespace=shop&rollout=checkout&canaryHash={{args.canary-hash}}&stableHash={{args.stable-hash}}"
          jsonPath: "{$.score}"
`;
    const { metrics } = await service().dryRun({
      cluster: 'local',
      template,
      args: [
        { name: 'canary-hash', value: 'abc123' },
        { name: 'stable-hash', value: 'def456' },
      ],
    });
    expect(metrics[0]).toMatchObject({
      name: 'canary-judge',
      provider: 'web',
      phase: 'Successful',
      value: '100',
    });
    expect(metrics[0].message).toMatch(/^judge: pass \(score 100\)/);
    expect(
      prometheus.requests.some(r =>
        r.query.includes('rollouts_pod_template_hash="abc123"'),
      ),
    ).toBe(true);
  });
});
