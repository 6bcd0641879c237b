import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readAnalysisConfig } from '../config/analysisConfig';
import { prometheusBody, startFakePrometheus } from '../testing/fakePrometheus';
import { CanaryJudgeService } from './CanaryJudgeService';

describe('CanaryJudgeService', () => {
  let prometheus: Awaited<ReturnType<typeof startFakePrometheus>>;
  /** Error counts and latency samples per pod-template hash. */
  const data: Record<
    string,
    { errors: string; total: string; latency: string[] }
  > = {
    stable1: {
      errors: '45',
      total: '9000',
      latency: ['0.2', '0.21', '0.19', '0.2', '0.22', '0.18', '0.2', '0.21'],
    },
    good2: {
      errors: '5',
      total: '1000',
      latency: ['0.2', '0.19', '0.21', '0.2', '0.18', '0.22', '0.2', '0.2'],
    },
    bad3: {
      errors: '90',
      total: '1000',
      latency: ['0.2', '0.19', '0.21', '0.2', '0.18', '0.22', '0.2', '0.2'],
    },
  };

  beforeAll(async () => {
    prometheus = await startFakePrometheus(({ query }) => {
      const hash =
        query.match(/rollouts_pod_template_hash="([a-z0-9]+)"/)?.[1] ?? '';
      const arm = data[hash];
      if (!arm) return { body: prometheusBody.vector() };
      if (query.startsWith('histogram_quantile'))
        return { body: prometheusBody.matrix(arm.latency) };
      return {
        body: prometheusBody.vector(
          query.includes('status=~"5.."') ? arm.errors : arm.total,
        ),
      };
    });
  });
  afterAll(() => prometheus.close());
  beforeEach(() => {
    prometheus.requests.length = 0;
  });

  const judge = (resolveRolloutHashes?: any) =>
    new CanaryJudgeService({
      config: readAnalysisConfig(
        new ConfigReader({
          rollouts: {
            analysis: {
              prometheus: [{ cluster: 'local', url: prometheus.url }],
            },
          },
        }),
      ),
      resolveRolloutHashes,
      now: () => new Date('2026-01-01T00:10:00Z'),
    });
  const target = { cluster: 'local', namespace: 'shop', rollout: 'checkout' };

  it('passes a good canary and fails one with an injected error rate', async () => {
    const good = await judge().judge({
      ...target,
      canaryHash: 'good2',
      stableHash: 'stable1',
    });
    expect(good).toMatchObject({
      verdict: 'pass',
      score: 100,
      canaryHash: 'good2',
      stableHash: 'stable1',
      windowSeconds: 300,
    });
    const bad = await judge().judge({
      ...target,
      canaryHash: 'bad3',
      stableHash: 'stable1',
    });
    expect(bad).toMatchObject({ verdict: 'fail', score: 0 });
    expect(bad.metrics[0]).toMatchObject({
      name: 'error-ratio',
      verdict: 'fail',
      canary: { errors: 90, total: 1000 },
    });
  });

  it('queries the window as an instant increase and the latency as a range with the configured step', async () => {
    await judge().judge({
      ...target,
      canaryHash: 'good2',
      stableHash: 'stable1',
      window: '10m',
    });
    const errors = prometheus.requests.find(r =>
      r.query.includes('status=~"5.."'),
    )!;
    expect(errors.query).toContain('[600s]');
    expect(errors.params.get('time')).toBe(
      String(Date.parse('2026-01-01T00:10:00Z') / 1000),
    );
    const range = prometheus.requests.find(
      r => r.path === '/api/v1/query_range',
    )!;
    expect(range.params.get('step')).toBe('15');
    expect(
      Number(range.params.get('end')) - Number(range.params.get('start')),
    ).toBe(600);
  });

  it('resolves the hashes from the rollout when they are not given', async () => {
    const resolve = jest.fn(async () => ({
      canaryHash: 'good2',
      stableHash: 'stable1',
    }));
    const result = await judge(resolve).judge(target);
    expect(resolve).toHaveBeenCalledWith('local', 'shop', 'checkout');
    expect(result.canaryHash).toBe('good2');
  });

  it.each([
    [{ namespace: 'shop"} or vector(1) #' }, /namespace must be/],
    [
      { canaryHash: 'a"b', stableHash: 'stable1' },
      /canaryHash must be a pod-template-hash/,
    ],
    [{ canaryHash: 'stable1', stableHash: 'stable1' }, /same/],
    [
      { canaryHash: 'good2', stableHash: 'stable1', window: '5 minutes' },
      /Invalid duration/,
    ],
    [
      { canaryHash: 'good2', stableHash: 'stable1', window: '5s' },
      /window must be/,
    ],
    [{ canaryHash: 'good2', stableHash: 'stable1', alpha: 2 }, /alpha must be/],
    [
      { cluster: 'elsewhere', canaryHash: 'good2', stableHash: 'stable1' },
      /No Prometheus is configured/,
    ],
    [{}, /Pass canaryHash and stableHash/],
  ])('refuses %j before querying anything', async (override, message) => {
    const error = await judge()
      .judge({ ...target, ...override } as any)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(prometheus.requests).toHaveLength(0);
  });
});
