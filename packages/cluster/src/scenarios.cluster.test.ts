/*
 * Scenario tests against the real local cluster: the real kube-apiserver,
 * the real Argo Rollouts controller and real Prometheus scraping the demo
 * workload exporter. ensureClusterUp() starts the cluster if it is not
 * running (building the binaries on a cold machine: that can take ~25 min,
 * so run `yarn cluster up` first in CI). Each scenario gets its own namespace.
 * All waits are on conditions with bounded timeouts.
 */
import { loadConfig } from './config';
import { demoImage, setRolloutImage } from './demo/setImage';
import { ensureClusterUp } from './ensureClusterUp';
import { clientsFromKubeconfig, KubeClients } from './kube/clients';
import { httpGet } from './process/probe';
import {
  getRollout,
  isHealthyAt,
  listAnalysisRuns,
  promotePaused,
  waitForRollout,
} from './scenarios/rollouts';
import {
  createScenarioNamespace,
  deleteScenarioNamespace,
} from './scenarios/testNamespace';
import { waitFor } from './waitFor';

const config = loadConfig();
let clients: KubeClients;
let prometheusUrl: string;

// Bounded: the cold build happens in beforeAll (its own bound); each scenario
// takes 1–2 minutes on 2 CPUs.
jest.setTimeout(5 * 60_000);

beforeAll(async () => {
  const info = await ensureClusterUp({
    config,
    progress: line => process.stderr.write(`${line}\n`),
  });
  clients = clientsFromKubeconfig(info.kubeconfigPath);
  prometheusUrl = info.prometheusUrl;
}, 45 * 60_000);

async function promQuery(query: string): Promise<number | undefined> {
  const res = await httpGet(
    `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
  );
  const body = JSON.parse(res.body);
  const value = body.data?.result?.[0]?.value?.[1];
  return value === undefined ? undefined : Number(value);
}

describe('canary (user-service)', () => {
  let namespace: string | undefined;
  afterEach(async () => {
    await deleteScenarioNamespace(clients, namespace);
    namespace = undefined;
  });

  it('pauses at weight 10, advances on promote, ends Healthy on the new revision', async () => {
    namespace = await createScenarioNamespace(config, clients, 'user-service');
    const before = await getRollout(clients, namespace, 'user-service');
    const oldStable = before.status.stableRS;
    const image = demoImage('user-service', '1.1.0');

    await setRolloutImage(clients, {
      namespace,
      rollout: 'user-service',
      container: 'user-service',
      image,
    });

    const paused = await waitForRollout(
      clients,
      namespace,
      'user-service',
      ro =>
        ro.status?.phase === 'Paused' &&
        ro.status?.currentStepIndex === 1 &&
        ro.status?.canary?.weights?.canary?.weight === 10 &&
        ro.status?.currentPodHash !== oldStable,
      { timeoutMs: 60_000, description: 'step 1 paused at weight 10' },
    );
    expect(paused.status.pauseConditions).toEqual([
      expect.objectContaining({ reason: 'CanaryPauseStep' }),
    ]);
    // The controller moved the nginx canary Ingress to 10% and kept the header segment.
    const canaryIngress: any = await clients.objects.read({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'user-service-user-service-canary', namespace },
    });
    expect(canaryIngress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/canary-weight': '10',
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-User-Tier',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'beta',
    });

    await promotePaused(clients, namespace, 'user-service');
    await waitForRollout(
      clients,
      namespace,
      'user-service',
      ro => ro.status?.currentStepIndex >= 2,
      {
        timeoutMs: 30_000,
        description: 'the rollout to advance past step 1 after promote',
      },
    );

    const done = await waitForRollout(
      clients,
      namespace,
      'user-service',
      ro => isHealthyAt(ro, image),
      {
        timeoutMs: 180_000,
        description: 'Healthy with the new stable revision',
      },
    );
    expect(done.status.stableRS).toBe(paused.status.currentPodHash);
    expect(done.status.stableRS).not.toBe(oldStable);

    // The background analysis on real Prometheus data never failed.
    const runs = await listAnalysisRuns(clients, namespace);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs)
      expect(run.status?.phase).not.toMatch(/Failed|Error/);
  });

  it('aborts (Degraded) when the analysis fails on a -bad image', async () => {
    namespace = await createScenarioNamespace(config, clients, 'user-service');
    const oldStable = (await getRollout(clients, namespace, 'user-service'))
      .status.stableRS;

    await setRolloutImage(clients, {
      namespace,
      rollout: 'user-service',
      container: 'user-service',
      image: demoImage('user-service', '1.1.0-bad'),
    });

    const degraded = await waitForRollout(
      clients,
      namespace,
      'user-service',
      ro => ro.status?.phase === 'Degraded' && ro.status?.abort === true,
      {
        timeoutMs: 120_000,
        description: 'the controller to abort the bad canary',
      },
    );
    expect(degraded.status.message).toMatch(/RolloutAborted/);
    expect(degraded.status.stableRS).toBe(oldStable);

    const failed = await waitFor(
      async () =>
        (
          await listAnalysisRuns(clients, namespace!)
        ).find(r => r.status?.phase === 'Failed'),
      { timeoutMs: 30_000, description: 'a Failed AnalysisRun' },
    );
    const failedMetrics = failed.status.metricResults.filter(
      (m: any) => m.phase === 'Failed',
    );
    expect(failedMetrics.length).toBeGreaterThan(0);

    // The data behind it is in Prometheus: the bad canary's 5xx ratio is far above 5%.
    const hash = degraded.status.currentPodHash;
    const errorRatio = await promQuery(
      `sum(increase(http_requests_total{namespace="${namespace}",rollouts_pod_template_hash="${hash}",status=~"5.."}[5m]))` +
        ` / sum(increase(http_requests_total{namespace="${namespace}",rollouts_pod_template_hash="${hash}"}[5m]))`,
    );
    expect(errorRatio).toBeGreaterThan(0.05);
  });
});

describe('blue-green (order-service)', () => {
  let namespace: string | undefined;
  afterEach(async () => {
    await deleteScenarioNamespace(clients, namespace);
    namespace = undefined;
  });

  async function serviceHash(name: string): Promise<string | undefined> {
    const svc = await clients.core.readNamespacedService({
      name,
      namespace: namespace!,
    });
    return svc.spec?.selector?.['rollouts-pod-template-hash'];
  }

  it('brings up the preview, passes the smoke analysis, then switches active', async () => {
    namespace = await createScenarioNamespace(config, clients, 'order-service');
    const oldActive = (await getRollout(clients, namespace, 'order-service'))
      .status.blueGreen.activeSelector;
    expect(await serviceHash('order-service-active')).toBe(oldActive);
    const image = demoImage('order-service', '2.4.0');

    await setRolloutImage(clients, {
      namespace,
      rollout: 'order-service',
      container: 'order-service',
      image,
    });

    const preview = await waitForRollout(
      clients,
      namespace,
      'order-service',
      ro =>
        ro.status?.currentPodHash !== oldActive &&
        ro.status?.blueGreen?.previewSelector === ro.status?.currentPodHash &&
        ro.status?.blueGreen?.activeSelector === oldActive,
      {
        timeoutMs: 60_000,
        description: 'the preview service to select the new pods',
      },
    );
    const newHash = preview.status.currentPodHash;
    expect(await serviceHash('order-service-preview')).toBe(newHash);
    expect(await serviceHash('order-service-active')).toBe(oldActive);

    const analysis = await waitFor(
      async () =>
        (
          await listAnalysisRuns(clients, namespace!)
        ).find(
          r =>
            r.metadata.labels?.['rollouts-pod-template-hash'] === newHash &&
            r.status?.phase === 'Successful',
        ),
      {
        timeoutMs: 90_000,
        description: 'the pre-promotion analysis to succeed',
      },
    );
    expect(analysis.status.metricResults[0].name).toBe('smoke-success-rate');

    const promoted = await waitForRollout(
      clients,
      namespace,
      'order-service',
      ro => isHealthyAt(ro, image),
      {
        timeoutMs: 120_000,
        description: 'auto-promotion to switch active to the new pods',
      },
    );
    expect(promoted.status.blueGreen.activeSelector).toBe(newHash);
    expect(await serviceHash('order-service-active')).toBe(newHash);
  });
});
