/*
 * Argo Rollouts objects in the test cluster (its real Argo Rollouts
 * controller runs them; kwok runs their pods).
 */
import { KubeRequester } from './TestKubeClient';

export const ROLLOUTS_API = '/apis/argoproj.io/v1alpha1';

/** A Rollout as the API server answers it (the fields the tests read). */
export interface RolloutObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion?: string;
    generation?: number;
    [key: string]: any;
  };
  spec?: any;
  status?: any;
}

/** A canary Rollout labelled for the Backstage entity `kubernetesId`. */
export function rolloutManifest(
  namespace: string,
  name: string,
  kubernetesId: string,
  options: { steps?: unknown[]; image?: string; replicas?: number } = {},
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace,
      labels: { 'backstage.io/kubernetes-id': kubernetesId, app: name },
    },
    spec: {
      replicas: options.replicas ?? 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: options.image ?? 'registry.local/faults/app:1.0.0',
            },
          ],
        },
      },
      strategy: {
        canary: { steps: options.steps ?? [{ setWeight: 50 }, { pause: {} }] },
      },
    },
  };
}

export async function createRollout(
  admin: KubeRequester,
  manifest: ReturnType<typeof rolloutManifest>,
): Promise<RolloutObject> {
  return admin.request(
    'POST',
    `${ROLLOUTS_API}/namespaces/${manifest.metadata.namespace}/rollouts`,
    { body: manifest },
  );
}

export function getRollout(
  admin: KubeRequester,
  namespace: string,
  name: string,
): Promise<RolloutObject> {
  return admin.request(
    'GET',
    `${ROLLOUTS_API}/namespaces/${namespace}/rollouts/${name}`,
  );
}

/** `kind/name → resourceVersion` of every rollout, ReplicaSet and pod of a namespace. */
export async function namespaceVersions(
  admin: KubeRequester,
  namespace: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [kind, path] of [
    ['rollout', `${ROLLOUTS_API}/namespaces/${namespace}/rollouts`],
    ['replicaset', `/apis/apps/v1/namespaces/${namespace}/replicasets`],
    ['pod', `/api/v1/namespaces/${namespace}/pods`],
  ]) {
    const list = await admin.request<{ items: RolloutObject[] }>('GET', path);
    for (const o of list.items) {
      out[`${kind}/${o.metadata.name}`] = o.metadata.resourceVersion!;
    }
  }
  return out;
}

/** A catalog Component whose rollouts carry `backstage.io/kubernetes-id: name`. */
export function entityFor(
  name: string,
  options: { owner?: string; namespace?: string; system?: string } = {},
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        ...(options.namespace
          ? { 'backstage.io/kubernetes-namespace': options.namespace }
          : {}),
      },
    },
    spec: {
      type: 'service',
      owner: options.owner ?? 'group:default/team-a',
      lifecycle: 'production',
      ...(options.system ? { system: options.system } : {}),
    },
  };
}
