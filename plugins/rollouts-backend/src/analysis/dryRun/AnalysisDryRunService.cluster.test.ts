/*
 * The dry-run against the real Prometheus of the local cluster, whose address
 * the cluster test project gets from the environment (GRADUAL_PROMETHEUS_URL,
 * written by scripts/ensure-test-services.sh): without it the test fails.
 */
import { ConfigReader } from '@backstage/config';
import { stringify } from 'yaml';
import { testPrometheusUrl } from '@gradual/test-utils';
import {
  connectTestCluster,
  demoAnalysisTemplates,
} from '../../__testUtils__/testCluster';
import { readAnalysisConfig } from '../config/analysisConfig';
import { CanaryJudgeService } from '../judge/CanaryJudgeService';
import { AnalysisDryRunService } from './AnalysisDryRunService';

jest.setTimeout(600_000);

describe('AnalysisDryRunService against the local cluster’s Prometheus', () => {
  let dryRun: AnalysisDryRunService;

  beforeAll(async () => {
    const config = readAnalysisConfig(
      new ConfigReader({
        rollouts: {
          analysis: {
            prometheus: [{ cluster: 'local', url: testPrometheusUrl() }],
          },
        },
      }),
    );
    dryRun = new AnalysisDryRunService({
      config,
      judge: new CanaryJudgeService({ config }),
    });
  });

  it('evaluates instant vectors and scalars as Argo does, and reports query errors', async () => {
    const template = `
spec:
  metrics:
    - name: vector
      successCondition: result[0] >= 0.95
      provider: { prometheus: { query: "vector(0.97)" } }
    - name: scalar
      successCondition: result == 2 && !isNaN(result)
      provider: { prometheus: { query: "scalar(vector(2))" } }
    - name: nan
      successCondition: isNaN(result)
      provider: { prometheus: { query: "scalar(vector(0) / 0)" } }
    - name: empty
      successCondition: len(result) == 0
      provider: { prometheus: { query: 'vector(1) unless vector(1)' } }
    - name: broken
      successCondition: "true"
      provider: { prometheus: { query: "sum(" } }
`;
    const { metrics } = await dryRun.dryRun({ cluster: 'local', template });
    const byName = Object.fromEntries(metrics.map(m => [m.name, m]));
    expect(byName.vector).toMatchObject({
      phase: 'Successful',
      value: '[0.97]',
    });
    expect(byName.scalar).toMatchObject({ phase: 'Successful', value: '2' });
    expect(byName.nan).toMatchObject({ phase: 'Successful', value: 'NaN' });
    expect(byName.empty).toMatchObject({ phase: 'Successful', value: '[]' });
    expect(byName.broken).toMatchObject({
      phase: 'Error',
      message: expect.stringMatching(
        /^Prometheus rejected the query: bad_data/,
      ),
    });
  });

  it('runs the demo’s success-rate template, whose address is the configured Prometheus', async () => {
    const cluster = await connectTestCluster();
    const [template] = await demoAnalysisTemplates(cluster.admin, [
      'success-rate',
    ]).finally(() => cluster.admin.close());
    const { metrics } = await dryRun.dryRun({
      cluster: 'local',
      template: stringify(template),
      // A hash no pod has: no series, so Argo's verdict is Error with "no data".
      args: [
        { name: 'namespace', value: 'gradual-demo' },
        { name: 'rollout', value: 'user-service' },
        { name: 'canary-hash', value: 'nosuchhash' },
      ],
    });
    expect(metrics[0]).toMatchObject({
      name: 'success-rate',
      phase: 'Error',
      value: '[]',
      message: expect.stringContaining(
        'no data returned from the metric provider',
      ),
      query: expect.stringContaining('rollouts_pod_template_hash="nosuchhash"'),
    });
  });
});
