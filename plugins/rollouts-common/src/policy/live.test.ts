import { countFindings, lintLiveRollout } from './live';

const rollout = (
  labels: Record<string, string> = {},
  namespace = 'prod-eu',
) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace, labels },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'web:1' }] },
    },
    strategy: {
      canary: { steps: [{ setWeight: 40 }, { pause: {} }, { setWeight: 20 }] },
    },
  },
  status: { phase: 'Healthy' },
});

describe('lintLiveRollout', () => {
  it('applies the policies in the namespace and environment of the live object', () => {
    const findings = lintLiveRollout(rollout(), {
      requireAnalysisInNamespaces: ['prod*'],
      maxFirstCanaryWeight: 25,
    });
    expect(findings.map(f => `${f.severity} ${f.rule}`).sort()).toEqual([
      'error max-first-canary-weight',
      'error require-analysis',
      'warning weights-non-decreasing',
    ]);
    expect(countFindings(findings)).toEqual({ error: 2, warning: 1 });

    const env = lintLiveRollout(
      rollout({ 'gradual.dev/environment': 'production' }, 'team-a'),
      { requireAnalysisInEnvironments: ['prod*'] },
    );
    expect(env.map(f => f.rule)).toContain('require-analysis');
    expect(
      lintLiveRollout(rollout({}, 'team-a'), {
        requireAnalysisInEnvironments: ['prod*'],
      }).map(f => f.rule),
    ).not.toContain('require-analysis');
  });

  it('never throws on malformed objects', () => {
    expect(() => lintLiveRollout(null)).not.toThrow();
    expect(() => lintLiveRollout({ metadata: { namespace: 3 } })).not.toThrow();
  });
});
