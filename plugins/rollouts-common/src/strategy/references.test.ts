import { strategyObjectReferences } from './references';

describe('strategyObjectReferences', () => {
  it('reads nginx stableIngress and stableIngresses, the Rollout CRD fields', () => {
    const nginx = 'spec.strategy.canary.trafficRouting.nginx';
    expect(
      strategyObjectReferences({
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting: { nginx: { stableIngress: 'web' } },
        },
      }).filter(r => r.kind === 'Ingress'),
    ).toEqual([
      {
        kind: 'Ingress',
        name: 'web',
        role: 'stable',
        router: 'nginx',
        path: `${nginx}.stableIngress`,
      },
    ]);
    expect(
      strategyObjectReferences({
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting: {
            nginx: { stableIngresses: ['web', 'web-internal'] },
          },
        },
      }).filter(r => r.kind === 'Ingress'),
    ).toEqual([
      {
        kind: 'Ingress',
        name: 'web',
        role: 'stable',
        router: 'nginx',
        path: `${nginx}.stableIngresses`,
      },
      {
        kind: 'Ingress',
        name: 'web-internal',
        role: 'stable',
        router: 'nginx',
        path: `${nginx}.stableIngresses`,
      },
    ]);
  });

  it('ignores fields the CRD does not have (additionalStableIngresses)', () => {
    expect(
      strategyObjectReferences({
        canary: {
          trafficRouting: {
            nginx: { additionalStableIngresses: ['other'] },
          },
        },
      }),
    ).toEqual([]);
  });

  it('reads ALB ingress/ingresses, services and namespaced analysis templates', () => {
    const refs = strategyObjectReferences({
      canary: {
        stableService: 's',
        canaryService: 'c',
        trafficRouting: { alb: { ingress: 'a', ingresses: ['b'] } },
        analysis: { templates: [{ templateName: 'rate' }] },
        steps: [
          {
            analysis: {
              templates: [
                { templateName: 'smoke' },
                { templateName: 'global', clusterScope: true },
              ],
            },
          },
        ],
      },
    });
    expect(refs.map(r => [r.kind, r.name, r.role, r.router])).toEqual([
      ['Service', 's', 'stable', undefined],
      ['Service', 'c', 'canary', undefined],
      ['Ingress', 'a', 'stable', 'alb'],
      ['Ingress', 'b', 'stable', 'alb'],
      ['AnalysisTemplate', 'rate', 'analysis', undefined],
      ['AnalysisTemplate', 'smoke', 'analysis', undefined],
    ]);
    expect(refs[5].path).toBe(
      'spec.strategy.canary.steps[0].analysis.templates[0].templateName',
    );
    expect(
      strategyObjectReferences({
        blueGreen: {
          activeService: 'a',
          previewService: 'p',
          postPromotionAnalysis: { templates: [{ templateName: 'post' }] },
        },
      }).map(r => [r.kind, r.name, r.role]),
    ).toEqual([
      ['Service', 'a', 'active'],
      ['Service', 'p', 'preview'],
      ['AnalysisTemplate', 'post', 'analysis'],
    ]);
  });
});
