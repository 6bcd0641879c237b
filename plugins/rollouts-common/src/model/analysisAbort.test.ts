import type { AnalysisRunSummary, MetricInfo } from '../types';
import { summarizeAnalysisRun } from './analysisRunInfo';
import {
  explainAnalysisAbort,
  rolloutsTabLink,
  parseMeasurementValue,
  parseThreshold,
} from './analysisAbort';

function metric(overrides: Partial<MetricInfo>): MetricInfo {
  return {
    name: 'error-rate',
    phase: 'Failed',
    failureLimit: 0,
    inconclusiveLimit: 0,
    consecutiveErrorLimit: 4,
    provider: { type: 'prometheus', query: 'sum(...)' },
    counts: {
      measured: 2,
      successful: 1,
      failed: 1,
      inconclusive: 0,
      error: 0,
      consecutiveError: 0,
    },
    measurements: [
      { phase: 'Successful', value: '[0.002]' },
      { phase: 'Failed', value: '[0.1523]' },
    ],
    ...overrides,
  };
}

function run(metrics: MetricInfo[]): AnalysisRunSummary {
  return {
    name: 'user-service-abc-2',
    namespace: 'demo',
    phase: 'Failed',
    kind: 'step',
    metrics,
  };
}

const abort = {
  analysisRun: 'user-service-abc-2',
  metric: 'error-rate',
  message:
    'Metric "error-rate" assessed Failed due to failed (1) > failureLimit (0)',
};

describe('explainAnalysisAbort', () => {
  it('names the metric, the value, the failure condition and by how much', () => {
    const explanation = explainAnalysisAbort(abort, [
      run([metric({ failureCondition: 'result[0] > 0.01' })]),
    ]);
    expect(explanation).toEqual({
      analysisRun: 'user-service-abc-2',
      metric: 'error-rate',
      value: '[0.1523]',
      condition: 'result[0] > 0.01',
      sentence:
        'Aborted by analysis: error-rate measured 0.1523 (0.1423 above the threshold 0.01), failure condition result[0] > 0.01 (run user-service-abc-2; 1 failed measurement, limit 0).',
    });
  });

  it("reads the seed templates' guarded success conditions", () => {
    const { sentence } = explainAnalysisAbort(
      { ...abort, metric: 'success-rate' },
      [
        run([
          metric({
            name: 'success-rate',
            successCondition: 'isNaN(result[0]) || result[0] >= 0.99',
            failureLimit: 1,
            counts: { ...metric({}).counts, failed: 2 },
            measurements: [
              { phase: 'Failed', value: '[0.9]' },
              { phase: 'Failed', value: '[0.85]' },
            ],
          }),
        ]),
      ],
    );
    expect(sentence).toBe(
      'Aborted by analysis: success-rate measured 0.85 (0.14 below the threshold 0.99), success condition isNaN(result[0]) || result[0] >= 0.99 (run user-service-abc-2; 2 failed measurements, limit 1).',
    );
  });

  it('explains a judge score against its failure condition', () => {
    const { sentence } = explainAnalysisAbort(
      { ...abort, metric: 'canary-judge' },
      [
        run([
          metric({
            name: 'canary-judge',
            provider: { type: 'web', url: 'http://j', jsonPath: '{$.score}' },
            successCondition: 'result >= 90',
            failureCondition: 'result < 75',
            measurements: [{ phase: 'Failed', value: '0' }],
          }),
        ]),
      ],
    );
    expect(sentence).toBe(
      'Aborted by analysis: canary-judge measured 0 (75 below the threshold 75), failure condition result < 75 (run user-service-abc-2; 1 failed measurement, limit 0).',
    );
  });

  it('quotes a non-numeric value as Argo recorded it', () => {
    const { sentence } = explainAnalysisAbort(abort, [
      run([
        metric({
          successCondition: 'result == "pass"',
          measurements: [{ phase: 'Failed', value: '"fail"' }],
        }),
      ]),
    ]);
    expect(sentence).toBe(
      'Aborted by analysis: error-rate measured "fail", success condition result == "pass" (run user-service-abc-2; 1 failed measurement, limit 0).',
    );
  });

  it('says when the metric could not be measured', () => {
    const { sentence } = explainAnalysisAbort(abort, [
      run([
        metric({
          phase: 'Error',
          counts: {
            ...metric({}).counts,
            failed: 0,
            error: 5,
            consecutiveError: 5,
          },
          measurements: [
            {
              phase: 'Error',
              message: 'Post "http://prom": connection refused',
            },
          ],
        }),
      ]),
    ]);
    expect(sentence).toBe(
      'Aborted by analysis: error-rate could not be measured (Post "http://prom": connection refused) (run user-service-abc-2; 5 errors, limit 4).',
    );
  });

  it("falls back to the controller's message without the run", () => {
    expect(explainAnalysisAbort(abort, []).sentence).toBe(
      'Aborted by analysis: metric error-rate failed (run user-service-abc-2): Metric "error-rate" assessed Failed due to failed (1) > failureLimit (0).',
    );
  });
});

describe('parseThreshold', () => {
  it.each([
    ['result[0] >= 0.99', {}, { operator: '>=', value: 0.99 }],
    ['0.99 <= result[0]', {}, { operator: '>=', value: 0.99 }],
    [
      'isNaN(result[0]) || result[0] <= 0.01',
      { allowGuards: true },
      { operator: '<=', value: 0.01 },
    ],
    [
      'result[0] <= 0.5 || len(result) == 0',
      { allowGuards: true },
      { operator: '<=', value: 0.5 },
    ],
    ['isNaN(result[0]) || result[0] <= 0.01', {}, undefined],
    ['result[0] > 1 || result[0] < 0', { allowGuards: true }, undefined],
  ])('%s %j', (condition, options, expected) => {
    expect(parseThreshold(condition, options)).toEqual(expected);
  });

  it('reads measurement values', () => {
    expect(parseMeasurementValue('[0.995]')).toBe(0.995);
    expect(parseMeasurementValue('NaN')).toBeUndefined();
  });
});

describe('rolloutsTabLink', () => {
  it('selects the rollout and points at the run', () => {
    expect(
      rolloutsTabLink(
        { kind: 'Component', namespace: 'default', name: 'user-service' },
        { cluster: 'local', namespace: 'demo', name: 'user-service' },
        'user-service-abc-2',
      ),
    ).toBe(
      '/catalog/default/component/user-service/rollouts?rollout=local%2Fdemo%2Fuser-service#analysis-run-user-service-abc-2',
    );
  });
});

describe('explainAnalysisAbort on a stored AnalysisRun', () => {
  it('quotes the conditions with the run args Argo substituted', () => {
    // as the real controller stores a failed canary-judge run: the spec keeps {{args.x}}
    const stored = summarizeAnalysisRun({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata: {
        name: 'judge-bad-5f54d9cd47-2-2',
        namespace: 'ns',
        uid: 'run-uid',
      },
      spec: {
        args: [
          { name: 'pass-score', value: '90' },
          { name: 'marginal-score', value: '75' },
          {
            name: 'judge-token',
            valueFrom: {
              secretKeyRef: { name: 'gradual-canary-judge', key: 'token' },
            },
          },
        ],
        metrics: [
          {
            name: 'canary-judge',
            count: 2,
            successCondition: 'result >= {{args.pass-score}}',
            failureCondition: 'result < {{ args.marginal-score }}',
            provider: {
              web: {
                url: 'http://j/judge?pass={{args.pass-score}}',
                jsonPath: '{$.score}',
              },
            },
          },
          {
            name: 'error-rate',
            successCondition: 'result[0] <= 0.01',
            provider: {
              prometheus: {
                query:
                  'sum(rate(errors{hash="{{args.pass-score}}",t="{{args.judge-token}}"}[1m]))',
              },
            },
          },
        ],
      },
      status: {
        phase: 'Failed',
        metricResults: [
          {
            name: 'canary-judge',
            phase: 'Failed',
            count: 1,
            failed: 1,
            measurements: [{ phase: 'Failed', value: '0' }],
          },
        ],
      },
    });
    expect(stored.metrics[0].successCondition).toBe('result >= 90');
    // queries and URLs are shown as run; args only known from a Secret stay as written
    expect(stored.metrics[0].provider.url).toBe('http://j/judge?pass=90');
    expect(stored.metrics[1].provider.query).toBe(
      'sum(rate(errors{hash="90",t="{{args.judge-token}}"}[1m]))',
    );
    expect(
      explainAnalysisAbort(
        { analysisRun: stored.name, metric: 'canary-judge', message: '' },
        [stored],
      ).sentence,
    ).toBe(
      'Aborted by analysis: canary-judge measured 0 (75 below the threshold 75), failure condition result < 75 (run judge-bad-5f54d9cd47-2-2; 1 failed measurement, limit 0).',
    );
  });
});
