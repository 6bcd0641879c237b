/*
 * The demo-workload metrics exporter. It follows pods and rollouts through
 * the real API (informers, i.e. list + watch), simulates the traffic each
 * pod serves and exposes it in Prometheus format:
 *   http_requests_total{namespace,rollout,pod,rollouts_pod_template_hash,status}
 *   http_request_duration_seconds_bucket{namespace,rollout,pod,rollouts_pod_template_hash,le}
 */
import http from 'node:http';
import * as k8s from '@kubernetes/client-node';
import { Counter, Histogram, Registry } from 'prom-client';
import { clientsFromKubeconfig } from '../kube/clients';
import { profileForImage, simulateRequests } from './trafficProfile';
import { PodView, RolloutView, trafficShares } from './trafficShares';

const HASH_LABEL = 'rollouts-pod-template-hash';
const LABELS = [
  'namespace',
  'rollout',
  'pod',
  'rollouts_pod_template_hash',
] as const;
type SeriesLabels = Record<(typeof LABELS)[number], string>;

export interface ExporterOptions {
  kubeconfig: string;
  host: string;
  port: number;
  tickMs?: number;
  log?: (line: string) => void;
}

export function podView(
  pod: k8s.V1Pod,
): (PodView & { image: string }) | undefined {
  const hash = pod.metadata?.labels?.[HASH_LABEL];
  const owner = pod.metadata?.ownerReferences?.find(
    o => o.kind === 'ReplicaSet',
  );
  // Argo names a rollout's ReplicaSets "<rollout>-<pod template hash>".
  if (!hash || !owner || !owner.name.endsWith(`-${hash}`)) return undefined;
  const ready =
    !pod.metadata?.deletionTimestamp &&
    (pod.status?.conditions ?? []).some(
      c => c.type === 'Ready' && c.status === 'True',
    );
  return {
    key: `${pod.metadata!.namespace}/${pod.metadata!.name}`,
    namespace: pod.metadata!.namespace!,
    rollout: owner.name.slice(0, -(hash.length + 1)),
    hash,
    ready,
    image: pod.spec?.containers?.[0]?.image ?? '',
  };
}

export function rolloutView(ro: any): RolloutView {
  const weights = ro.status?.canary?.weights;
  const blueGreen = ro.spec?.strategy?.blueGreen
    ? {
        activeHash: ro.status?.blueGreen?.activeSelector,
        previewHash: ro.status?.blueGreen?.previewSelector,
      }
    : undefined;
  return {
    namespace: ro.metadata.namespace,
    name: ro.metadata.name,
    blueGreen,
    canaryWeights: weights
      ? {
          canaryHash: weights.canary?.podTemplateHash,
          canaryWeight: weights.canary?.weight ?? 0,
          stableHash: weights.stable?.podTemplateHash,
        }
      : undefined,
  };
}

export async function runExporter(
  options: ExporterOptions,
): Promise<{ stop(): Promise<void> }> {
  const log =
    options.log ?? (line => console.log(`${new Date().toISOString()} ${line}`));
  const clients = clientsFromKubeconfig(options.kubeconfig);
  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Simulated HTTP requests served by a demo pod, by status code',
    labelNames: [...LABELS, 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Simulated HTTP request latency of a demo pod',
    labelNames: [...LABELS],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const pods = k8s.makeInformer<k8s.V1Pod>(
    clients.kubeConfig,
    '/api/v1/pods',
    () => clients.core.listPodForAllNamespaces({ labelSelector: HASH_LABEL }),
    HASH_LABEL,
  );
  const rollouts = k8s.makeInformer<k8s.KubernetesObject>(
    clients.kubeConfig,
    '/apis/argoproj.io/v1alpha1/rollouts',
    () =>
      clients.custom.listClusterCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'rollouts',
      }) as Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>,
  );
  const state = { stopped: false };
  const restartOnError = (name: string, informer: k8s.Informer<any>) =>
    informer.on('error', (err: any) => {
      if (state.stopped) return;
      log(`${name} watch error: ${err?.message ?? err}; restarting in 2s`);
      setTimeout(
        () => !state.stopped && informer.start().catch(() => {}),
        2000,
      );
    });
  restartOnError('pods', pods);
  restartOnError('rollouts', rollouts);
  await Promise.all([pods.start(), rollouts.start()]);
  log('watching pods and rollouts');

  const known = new Map<string, SeriesLabels>();
  const tickMs = options.tickMs ?? 1000;
  let last = Date.now();
  const tick = () => {
    const now = Date.now();
    const dt = (now - last) / 1000;
    last = now;
    const views = pods.list().flatMap(p => podView(p) ?? []);
    const shares = trafficShares(rollouts.list().map(rolloutView), views);
    const seen = new Set<string>();
    for (const view of views) {
      seen.add(view.key);
      const labels: SeriesLabels = {
        namespace: view.namespace,
        rollout: view.rollout,
        pod: view.key.split('/')[1],
        rollouts_pod_template_hash: view.hash,
      };
      if (!known.has(view.key)) {
        known.set(view.key, labels);
        // Zero-initialise so that ratios exist before the first error.
        for (const status of ['200', '500'])
          requests.inc({ ...labels, status }, 0);
      }
      const rps = shares.get(view.key) ?? 0;
      for (const r of simulateRequests(profileForImage(view.image), rps, dt)) {
        requests.inc({ ...labels, status: r.status });
        duration.observe(labels, r.seconds);
      }
    }
    for (const [key, labels] of known) {
      if (!seen.has(key)) {
        for (const status of ['200', '500', '503'])
          requests.remove({ ...labels, status });
        duration.remove(labels);
        known.delete(key);
      }
    }
  };
  const timer = setInterval(tick, tickMs);

  const server = http.createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.setHeader('Content-Type', registry.contentType);
      res.end(await registry.metrics());
    } else if (req.url === '/healthz') {
      res.end('ok');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  log(`serving metrics on http://${options.host}:${options.port}/metrics`);

  return {
    async stop() {
      state.stopped = true;
      clearInterval(timer);
      await Promise.all([pods.stop(), rollouts.stop()]);
      await new Promise(resolve => server.close(resolve));
    },
  };
}
