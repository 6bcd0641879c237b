import { InputError } from '@backstage/errors';
import { PrometheusTarget } from '../config/analysisConfig';
import { planMetric, toJsonPath } from './planMetric';

const target: PrometheusTarget = {
  cluster: 'local',
  url: 'http://prometheus.local:9090/',
  aliases: ['http://prometheus.monitoring:9090'],
  timeoutMs: 5000,
};
const JUDGE = 'http://backstage.example:7007/api/rollouts/analysis/judge';

describe('toJsonPath', () => {
  it.each([
    [undefined, '$'],
    ['{$}', '$'],
    ['{$.verdict}', '$.verdict'],
    ['{.score}', '$.score'],
    ['{[0]}', '$[0]'],
    ['score', '$.score'],
  ])('turns %p into %p', (expression, expected) => {
    expect(toJsonPath(expression)).toBe(expected);
  });
});

describe('planMetric', () => {
  it('plans a Prometheus query with Argo’s default timeout capped by the target’s', () => {
    const plan = planMetric(
      { name: 'rate', provider: { prometheus: { query: 'up' } } },
      target,
      [JUDGE],
    );
    expect(plan).toMatchObject({
      kind: 'prometheus',
      query: 'up',
      timeoutMs: 5000,
    });
    expect(
      planMetric(
        { name: 'rate', provider: { prometheus: { query: 'up', timeout: 2 } } },
        target,
        [JUDGE],
      ),
    ).toMatchObject({ timeoutMs: 2000 });
  });

  it('accepts the configured address (trailing slash ignored) and an alias, refuses others', () => {
    for (const address of [
      'http://prometheus.local:9090',
      'http://prometheus.monitoring:9090/',
    ]) {
      expect(
        planMetric(
          { name: 'm', provider: { prometheus: { query: 'up', address } } },
          target,
          [],
        ).kind,
      ).toBe('prometheus');
    }
    expect(() =>
      planMetric(
        {
          name: 'm',
          provider: {
            prometheus: { query: 'up', address: 'http://evil:9090' },
          },
        },
        target,
        [],
      ),
    ).toThrow(/names its own Prometheus address/);
  });

  it('refuses a Prometheus metric without a query and an unsupported condition', () => {
    expect(() =>
      planMetric({ name: 'm', provider: { prometheus: {} } }, target, []),
    ).toThrow(new InputError('Metric m: prometheus.query is required'));
    expect(() =>
      planMetric(
        {
          name: 'm',
          successCondition: 'result[0] >= ',
          provider: { prometheus: { query: 'up' } },
        },
        target,
        [],
      ),
    ).toThrow(InputError);
  });

  it('marks a range query and other providers unsupported', () => {
    expect(
      planMetric(
        {
          name: 'm',
          provider: { prometheus: { query: 'up', rangeQuery: {} } },
        },
        target,
        [],
      ),
    ).toMatchObject({
      kind: 'unsupported',
      message: 'prometheus.rangeQuery is not supported by the dry-run',
    });
    expect(
      planMetric({ name: 'm', provider: { job: {} } }, target, []),
    ).toMatchObject({ kind: 'unsupported', provider: 'job' });
  });

  it('plans a web metric only when it calls the judge', () => {
    const plan = planMetric(
      {
        name: 'judge',
        provider: { web: { url: `${JUDGE}?canary=x`, jsonPath: '{$.score}' } },
      },
      target,
      [JUDGE],
    );
    expect(plan).toMatchObject({ kind: 'judge', jsonPath: '$.score' });
    expect(() =>
      planMetric(
        { name: 'w', provider: { web: { url: 'http://elsewhere/judge' } } },
        target,
        [JUDGE],
      ),
    ).toThrow(/names its own web address/);
    expect(() =>
      planMetric({ name: 'w', provider: { web: { url: JUDGE } } }, target, []),
    ).toThrow(/none configured/);
  });
});
