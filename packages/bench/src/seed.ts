/**
 * Bench objects in the real cluster: namespaces, a read-only service account
 * that both plugins use, and Rollouts. Everything carries the label
 * `gradual.dev/bench=<run id>` and is removed by `cleanup`.
 */
import { KUBERNETES_ID_ANNOTATION } from '@gradual/plugin-rollouts-common';
import { AdminClient, KubeError, mapLimit, waitFor } from './kube';

/** The label the viewed entity's rollouts carry (the Kubernetes plugin's id). */
export const KUBERNETES_ID = KUBERNETES_ID_ANNOTATION;

export const BENCH_LABEL = 'gradual.dev/bench';

/** Rollouts with this label are ignored by the (instance-id-less) shared Argo controller. */
export const INSTANCE_ID_LABEL =
  'argo-rollouts.argoproj.io/controller-instance-id';
const ROLLOUTS = '/apis/argoproj.io/v1alpha1';

export interface RolloutSpec {
  namespace: string;
  name: string;
  kubernetesId: string;
  /** Canary steps; defaults to one weight step and an indefinite pause. */
  steps?: unknown[];
  replicas?: number;
  /**
   * `argo-rollouts.argoproj.io/controller-instance-id`: only the controller
   * started with this --instance-id reconciles it (the shared one ignores it).
   */
  instanceId?: string;
}

export function rolloutManifest(runId: string, r: RolloutSpec) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: r.name,
      namespace: r.namespace,
      labels: {
        [BENCH_LABEL]: runId,
        [KUBERNETES_ID_ANNOTATION]: r.kubernetesId,
        app: r.name,
        ...(r.instanceId ? { [INSTANCE_ID_LABEL]: r.instanceId } : {}),
      },
    },
    spec: {
      replicas: r.replicas ?? 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { app: r.name } },
      template: {
        // The Kubernetes plugin finds pods and ReplicaSets by this label too.
        metadata: {
          labels: {
            app: r.name,
            [KUBERNETES_ID_ANNOTATION]: r.kubernetesId,
            [BENCH_LABEL]: runId,
          },
        },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.local/bench/app:1.0.0',
              ports: [{ name: 'http', containerPort: 8080 }],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
      strategy: {
        canary: { steps: r.steps ?? [{ setWeight: 50 }, { pause: {} }] },
      },
    },
  };
}

export class BenchCluster {
  constructor(readonly admin: AdminClient, readonly runId: string) {}

  get systemNamespace() {
    return `gradual-bench-${this.runId}`;
  }

  namespace(suffix: string) {
    return `gradual-bench-${this.runId}-${suffix}`;
  }

  async createNamespace(name: string): Promise<void> {
    await this.#createIgnoringExists('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { [BENCH_LABEL]: this.runId } },
    });
  }

  /**
   * A service account that may read every type the Kubernetes plugin lists
   * by default plus the Argo types, and drive rollouts: both plugins use its
   * token, so neither is favoured by cheap 403s. Returns the token.
   */
  async createReader(): Promise<string> {
    const ns = this.systemNamespace;
    await this.createNamespace(ns);
    const name = `gradual-bench-${this.runId}`;
    const read = ['get', 'list', 'watch'];
    await this.#createIgnoringExists(
      `/api/v1/namespaces/${ns}/serviceaccounts`,
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'reader', namespace: ns },
      },
    );
    await this.#createIgnoringExists(
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name, labels: { [BENCH_LABEL]: this.runId } },
        rules: [
          {
            apiGroups: [''],
            resources: [
              'pods',
              'services',
              'configmaps',
              'limitranges',
              'resourcequotas',
              'events',
              'namespaces',
            ],
            verbs: read,
          },
          {
            apiGroups: ['apps'],
            resources: [
              'deployments',
              'replicasets',
              'statefulsets',
              'daemonsets',
            ],
            verbs: read,
          },
          {
            apiGroups: ['autoscaling'],
            resources: ['horizontalpodautoscalers'],
            verbs: read,
          },
          {
            apiGroups: ['batch'],
            resources: ['jobs', 'cronjobs'],
            verbs: read,
          },
          {
            apiGroups: ['networking.k8s.io'],
            resources: ['ingresses'],
            verbs: read,
          },
          { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: read },
          // Istio routes (an optional type of the rollouts cache): without
          // them the cache retries its LIST with backoff, counted as requests
          {
            apiGroups: ['networking.istio.io'],
            resources: ['virtualservices', 'destinationrules'],
            verbs: read,
          },
          {
            apiGroups: ['argoproj.io'],
            resources: [
              'rollouts',
              'analysisruns',
              'experiments',
              'analysistemplates',
            ],
            verbs: read,
          },
          {
            apiGroups: ['argoproj.io'],
            resources: ['rollouts', 'rollouts/status'],
            verbs: ['patch', 'update'],
          },
        ],
      },
    );
    await this.#createIgnoringExists(
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name, labels: { [BENCH_LABEL]: this.runId } },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name,
        },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }],
      },
    );
    const tr = await this.admin.request(
      'POST',
      `/api/v1/namespaces/${ns}/serviceaccounts/reader/token`,
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 24 * 3600 },
      },
    );
    return tr.status.token;
  }

  async createRollouts(specs: RolloutSpec[], concurrency = 8): Promise<void> {
    await mapLimit(specs, concurrency, r =>
      this.#createIgnoringExists(
        `${ROLLOUTS}/namespaces/${r.namespace}/rollouts`,
        rolloutManifest(this.runId, r),
      ),
    );
  }

  getRollout(namespace: string, name: string): Promise<any> {
    return this.admin.request(
      'GET',
      `${ROLLOUTS}/namespaces/${namespace}/rollouts/${name}`,
    );
  }

  patchRollout(
    namespace: string,
    name: string,
    body: unknown,
    subresource = '',
  ): Promise<any> {
    return this.admin.request(
      'PATCH',
      `${ROLLOUTS}/namespaces/${namespace}/rollouts/${name}${
        subresource ? `/${subresource}` : ''
      }`,
      body,
      'application/merge-patch+json',
    );
  }

  /** Waits until every managed bench rollout of a namespace is Healthy with its pods available. */
  async waitHealthy(
    namespace: string,
    expected: number,
    timeoutMs: number,
    progress: (l: string) => void,
  ) {
    let lastReport = 0;
    await waitFor(
      `${expected} rollouts Healthy in ${namespace}`,
      async () => {
        const items = await this.admin.listAll(
          `${ROLLOUTS}/namespaces/${namespace}/rollouts`,
        );
        const healthy = items.filter(
          (r: any) =>
            r.status?.phase === 'Healthy' &&
            r.status?.observedGeneration === String(r.metadata.generation) &&
            (r.status?.availableReplicas ?? 0) >= (r.spec?.replicas ?? 1),
        ).length;
        if (Date.now() - lastReport > 15_000) {
          lastReport = Date.now();
          progress(`  ${healthy}/${expected} rollouts Healthy in ${namespace}`);
        }
        return items.length >= expected && healthy >= expected;
      },
      { timeoutMs, intervalMs: 2000 },
    );
  }

  /** Deletes one bench namespace and waits (bounded) until it is gone. */
  async deleteNamespace(name: string, timeoutMs = 600_000): Promise<void> {
    await this.admin
      .request('DELETE', `/api/v1/namespaces/${name}`)
      .catch(ignoreNotFound);
    await waitFor(
      `namespace ${name} to be deleted`,
      async () =>
        (
          await this.admin.listAll(
            `/api/v1/namespaces?fieldSelector=${encodeURIComponent(
              `metadata.name=${name}`,
            )}`,
          )
        ).length === 0,
      { timeoutMs, intervalMs: 2000 },
    );
  }

  /** Deletes everything labelled with this run; waits (bounded) for the namespaces to go. */
  async cleanup(
    progress: (l: string) => void,
    timeoutMs = 300_000,
  ): Promise<boolean> {
    const sel = encodeURIComponent(`${BENCH_LABEL}=${this.runId}`);
    const namespaces = await this.admin.listAll(
      `/api/v1/namespaces?labelSelector=${sel}`,
    );
    for (const ns of namespaces) {
      await this.admin
        .request('DELETE', `/api/v1/namespaces/${ns.metadata.name}`)
        .catch(ignoreNotFound);
    }
    const name = `gradual-bench-${this.runId}`;
    await this.admin
      .request(
        'DELETE',
        `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`,
      )
      .catch(ignoreNotFound);
    await this.admin
      .request(
        'DELETE',
        `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`,
      )
      .catch(ignoreNotFound);
    progress(`  deleting ${namespaces.length} bench namespace(s)`);
    try {
      await waitFor(
        'bench namespaces to be deleted',
        async () =>
          (
            await this.admin.listAll(`/api/v1/namespaces?labelSelector=${sel}`)
          ).length === 0,
        { timeoutMs, intervalMs: 2000 },
      );
      return true;
    } catch (e) {
      progress(
        `  ${(e as Error).message} (they finish deleting in the background)`,
      );
      return false;
    }
  }

  async #createIgnoringExists(path: string, body: unknown): Promise<void> {
    try {
      await this.admin.request('POST', path, body);
    } catch (e) {
      if ((e as KubeError).statusCode !== 409) throw e;
    }
  }
}

function ignoreNotFound(e: unknown) {
  if ((e as KubeError).statusCode !== 404) throw e;
}

/** Names `prefix-00000` … for `count` objects starting at `from`. */
export function names(prefix: string, from: number, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${prefix}-${String(from + i).padStart(5, '0')}`,
  );
}
