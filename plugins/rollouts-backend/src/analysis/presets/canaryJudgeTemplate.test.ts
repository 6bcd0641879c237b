import { ConfigReader } from '@backstage/config';
import { stringify } from 'yaml';
import { readAnalysisConfig } from '../config/analysisConfig';
import { AnalysisDryRunService } from '../dryRun/AnalysisDryRunService';
import { CanaryJudgeService } from '../judge/CanaryJudgeService';
import { prometheusBody, startFakePrometheus } from '../testing/fakePrometheus';
import { canaryJudgeAnalysisTemplate } from './canaryJudgeTemplate';

describe('canaryJudgeAnalysisTemplate', () => {
  it('is a template the dry-run runs through the judge and passes for a healthy canary', async () => {
    const prometheus = await startFakePrometheus(({ query }) => {
      if (query.startsWith('histogram_quantile'))
        return { body: prometheusBody.matrix(['0.2', '0.21', '0.19', '0.2']) };
      return {
        body: prometheusBody.vector(
          query.includes('status=~"5.."') ? '2' : '1000',
        ),
      };
    });
    try {
      const judgeUrl =
        'http://backstage.backstage.svc:7007/api/rollouts/analysis/judge';
      const config = readAnalysisConfig(
        new ConfigReader({
          rollouts: {
            analysis: {
              prometheus: [{ cluster: 'local', url: prometheus.url }],
              judge: { urls: [judgeUrl] },
            },
          },
        }),
      );
      const dryRun = new AnalysisDryRunService({
        config,
        judge: new CanaryJudgeService({ config }),
      });
      const { metrics } = await dryRun.dryRun({
        cluster: 'local',
        template: stringify(
          canaryJudgeAnalysisTemplate({ judgeUrl, cluster: 'local' }),
        ),
        args: [
          { name: 'namespace', value: 'shop' },
          { name: 'rollout', value: 'checkout' },
          { name: 'canary-hash', value: 'abc' },
          { name: 'stable-hash', value: 'def' },
          // no judge-token: the Secret is only sent in headers, and the judge runs in-process
        ],
      });
      expect(metrics[0]).toMatchObject({
        name: 'canary-judge',
        phase: 'Successful',
        value: '100',
      });
      expect(metrics[0].query).toContain('looks=5');
    } finally {
      await prometheus.close();
    }
  });

  it('still needs a Secret argument used anywhere but the judge headers', async () => {
    const config = readAnalysisConfig(
      new ConfigReader({
        rollouts: {
          analysis: {
            prometheus: [{ cluster: 'local', url: 'http://127.0.0.1:1' }],
          },
        },
      }),
    );
    const dryRun = new AnalysisDryRunService({
      config,
      judge: new CanaryJudgeService({ config }),
    });
    await expect(
      dryRun.dryRun({
        cluster: 'local',
        template: stringify({
          spec: {
            args: [
              {
                name: 'tenant',
                valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
              },
            ],
            metrics: [
              {
                name: 'm',
                provider: {
                  prometheus: { query: 'up{tenant="{{args.tenant}}"}' },
                },
              },
            ],
          },
        }),
      }),
    ).rejects.toThrow(
      'Argument tenant comes from valueFrom (a Secret or field) in Argo; pass its value in args for the dry-run',
    );
  });
});
