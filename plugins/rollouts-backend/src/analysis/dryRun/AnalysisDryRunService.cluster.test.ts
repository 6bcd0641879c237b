/*
 * The dry-run against the real Prometheus of the local cluster
 * (@gradual/local-cluster). In CI (CI or GRADUAL_KUBECONFIG set) the cluster
 * is started when needed and its absence fails the test; elsewhere the test
 * runs when the cluster is already up and says loudly that it skipped otherwise.
 */
import { ConfigReader } from '@backstage/config';
import {
  clusterInfo,
  demoManifests,
  ensureClusterUp,
  isUp,
  loadConfig,
} from '@gradual/local-cluster';
import { stringify } from 'yaml';
import { readAnalysisConfig } from '../config/analysisConfig';
import { CanaryJudgeService } from '../judge/CanaryJudgeService';
import { AnalysisDryRunService } from './AnalysisDryRunService';

jest.setTimeout(600_000);

async function localPrometheusUrl(): Promise<string | undefined> {
  if (process.env.CI || process.env.GRADUAL_KUBECONFIG) {
    return (await ensureClusterUp()).prometheusUrl;
  }
  if (await isUp()) return clusterInfo().prometheusUrl;
  return undefined;
}

describe('AnalysisDryRunService against the local cluster’s Prometheus', () => {
  let prometheusUrl: string | undefined;
  let dryRun: AnalysisDryRunService;

  beforeAll(async () => {
    prometheusUrl = await localPrometheusUrl();
    if (!prometheusUrl) {
      // eslint-disable-next-line no-console
      console.warn(
        '\n\n*** SKIPPED: the local cluster is not running, so the dry-run was NOT tested against the real Prometheus. ***\n' +
          '*** Start it with `yarn workspace @gradual/local-cluster cluster up` or run with CI=1.                     ***\n\n',
      );
      return;
    }
    const config = readAnalysisConfig(
      new ConfigReader({
        rollouts: {
          analysis: { prometheus: [{ cluster: 'local', url: prometheusUrl }] },
        },
      }),
    );
    dryRun = new AnalysisDryRunService({
      config,
      judge: new CanaryJudgeService({ config }),
    });
  });

  it('evaluates instant vectors and scalars as Argo does, and reports query errors', async () => {
    if (!prometheusUrl) return;
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
    if (!prometheusUrl) return;
    const template = demoManifests(loadConfig()).find(
      o => o.kind === 'AnalysisTemplate' && o.metadata?.name === 'success-rate',
    );
    expect(template).toBeDefined();
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
