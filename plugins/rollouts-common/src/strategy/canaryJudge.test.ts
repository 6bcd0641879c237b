import { canaryJudgeTemplate } from './analysisTemplates';
import {
  CANARY_JUDGE_JSON_PATH,
  CANARY_JUDGE_PARAMS,
  CanaryJudgeParamError,
  canaryJudgeQuery,
  canaryJudgeUrl,
  parseCanaryJudgeParams,
} from './canaryJudge';

/** What Argo does to a template before a measurement: `{{args.x}}` → value. */
function substituteArgs(text: string, args: Record<string, string>): string {
  return text.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (tag, name: string) => {
    if (!(name in args)) throw new Error(`failed to resolve ${tag}`);
    return args[name];
  });
}

describe('canary judge contract', () => {
  const settings = {
    prometheusAddress: 'http://prometheus:9090',
    cluster: 'prod eu',
    thresholds: { count: 4, interval: '30s' },
    judge: { url: 'http://backstage:7007/api/rollouts/analysis/judge' },
  };

  it('the template URL, once Argo substituted the args, parses to the judge request', () => {
    const template = canaryJudgeTemplate(settings) as any;
    const metric = template.spec.metrics[0];
    const defaults = Object.fromEntries(
      template.spec.args
        .filter((a: any) => a.value !== undefined)
        .map((a: any) => [a.name, a.value]),
    );
    const url = new URL(
      substituteArgs(metric.provider.web.url, {
        ...defaults,
        namespace: 'shop',
        rollout: 'checkout',
        'canary-hash': '6b9c8d7f5',
        'stable-hash': '5f7d8c9b6',
        'judge-token': 'x',
      }),
    );
    expect(url.pathname).toBe('/api/rollouts/analysis/judge');
    expect(
      parseCanaryJudgeParams(Object.fromEntries(url.searchParams)),
    ).toEqual({
      cluster: 'prod eu',
      namespace: 'shop',
      rollout: 'checkout',
      canaryHash: '6b9c8d7f5',
      stableHash: '5f7d8c9b6',
      window: '5m',
      looks: 4,
      passScore: 90,
      marginalScore: 75,
    });
    // the template gates on the score with the scores it sends
    expect(metric.provider.web.jsonPath).toBe(CANARY_JUDGE_JSON_PATH);
    expect(substituteArgs(metric.successCondition, defaults)).toBe(
      'result >= 90',
    );
    expect(substituteArgs(metric.failureCondition, defaults)).toBe(
      'result < 75',
    );
    expect(metric.count).toBe(4);
    expect(metric.provider.web.headers).toEqual([
      { key: 'Authorization', value: 'Bearer {{args.judge-token}}' },
    ]);
    expect(template.spec.args).toContainEqual({
      name: 'judge-token',
      valueFrom: {
        secretKeyRef: { name: 'gradual-canary-judge', key: 'token' },
      },
    });
  });

  it('takes the window from the settings', () => {
    const template = canaryJudgeTemplate({
      ...settings,
      judge: { ...settings.judge, window: '90s' },
    }) as any;
    expect(template.spec.args).toContainEqual({ name: 'window', value: '90s' });
  });

  it('encodes literal values but keeps Argo placeholders verbatim', () => {
    expect(
      canaryJudgeQuery({
        cluster: 'a&b',
        namespace: '{{args.namespace}}',
        rollout: 'x y',
        looks: 3,
      }),
    ).toBe('cluster=a%26b&namespace={{args.namespace}}&rollout=x%20y&looks=3');
    expect(canaryJudgeUrl('http://j/judge?x=1', { cluster: 'c' })).toBe(
      'http://j/judge?x=1&cluster=c',
    );
  });

  it('parses numbers and leaves out empty values', () => {
    expect(
      parseCanaryJudgeParams({
        cluster: 'local',
        namespace: 'ns',
        rollout: 'r',
        canaryHash: '',
        alpha: '0.01',
        looks: 3,
      }),
    ).toEqual({
      cluster: 'local',
      namespace: 'ns',
      rollout: 'r',
      alpha: 0.01,
      looks: 3,
    });
  });

  it.each([
    [{ namespace: 'ns', rollout: 'r' }, 'cluster is required'],
    [{ cluster: 'c', rollout: 'r' }, 'namespace is required'],
    [
      { cluster: 'c', namespace: 'ns', rollout: 'r', looks: 'many' },
      'looks must be a number',
    ],
    [
      { cluster: 'c', namespace: 'ns', rollout: 'r', window: ['1m', '2m'] },
      'window must be a single value',
    ],
    [
      { cluster: 'c', namespace: 'ns', rollout: 'r', canary: 'abc' },
      /^Unknown judge parameter canary; expected cluster, namespace/,
    ],
  ])('refuses %j', (source, message) => {
    expect(() => parseCanaryJudgeParams(source)).toThrow(CanaryJudgeParamError);
    expect(() => parseCanaryJudgeParams(source)).toThrow(message);
  });

  it('lists every parameter once', () => {
    expect(new Set(CANARY_JUDGE_PARAMS).size).toBe(CANARY_JUDGE_PARAMS.length);
  });
});
