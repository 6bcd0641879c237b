import {
  analysisTemplateArgNames,
  referencedAnalysisTemplatesOf,
  rolloutAnalysisArgs,
} from './analysisDryRun';

describe('referencedAnalysisTemplatesOf', () => {
  it('lists canary step, experiment and background templates once each', () => {
    expect(
      referencedAnalysisTemplatesOf({
        canary: {
          analysis: { templates: [{ templateName: 'error-rate' }] },
          steps: [
            { setWeight: 10 },
            {
              analysis: {
                templates: [
                  { templateName: 'success-rate' },
                  { templateName: 'error-rate' },
                ],
              },
            },
            {
              experiment: {
                analyses: [
                  { name: 'a', templateName: 'global', clusterScope: true },
                ],
              },
            },
          ],
        },
      }),
    ).toEqual([
      { name: 'success-rate', clusterScope: false, usedBy: ['step 2'] },
      {
        name: 'error-rate',
        clusterScope: false,
        usedBy: ['step 2', 'background'],
      },
      { name: 'global', clusterScope: true, usedBy: ['step 3 (experiment)'] },
    ]);
  });

  it('lists blue-green pre- and post-promotion templates', () => {
    expect(
      referencedAnalysisTemplatesOf({
        blueGreen: {
          prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] },
          postPromotionAnalysis: { templates: [{ templateName: 'smoke' }] },
        },
      }),
    ).toEqual([
      {
        name: 'smoke',
        clusterScope: false,
        usedBy: ['pre-promotion', 'post-promotion'],
      },
    ]);
    expect(referencedAnalysisTemplatesOf(undefined)).toEqual([]);
  });
});

describe('rolloutAnalysisArgs', () => {
  it('fills the built-in templates args from the rollout status', () => {
    expect(
      rolloutAnalysisArgs({
        namespace: 'demo',
        name: 'web',
        currentPodHash: 'abc',
        stablePodHash: 'def',
      }),
    ).toEqual([
      { name: 'namespace', value: 'demo' },
      { name: 'rollout', value: 'web' },
      { name: 'canary-hash', value: 'abc' },
      { name: 'stable-hash', value: 'def' },
    ]);
  });
});

describe('analysisTemplateArgNames', () => {
  it('reads spec.args names, not nested names', () => {
    expect(
      analysisTemplateArgNames(`
kind: AnalysisTemplate
spec:
  args:
    - name: service
    - name: judge-token
      valueFrom:
        secretKeyRef:
          name: gradual-canary-judge
          key: token
  metrics:
    - name: up
`),
    ).toEqual(['service', 'judge-token']);
    expect(analysisTemplateArgNames('spec: [')).toEqual([]);
    expect(analysisTemplateArgNames('')).toEqual([]);
  });
});
