/*
 * Objects the cluster needs before the controllers start: the Argo Rollouts
 * CRDs and Istio's VirtualService / DestinationRule CRDs (Established; no
 * mesh: the controller rewrites the VirtualServices, nothing serves them),
 * the kwok Nodes, system namespaces, and a least-privilege ServiceAccount for
 * the Backstage backend with its own kubeconfig.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { writeKubeconfig } from './auth';
import { ClusterConfig, statePaths } from './config';
import { ROLLOUTS_NAMESPACE } from './components/rolloutsController';
import { applyObjects, parseManifests } from './kube/apply';
import { KubeClients } from './kube/clients';
import { waitFor } from './waitFor';

export const BACKSTAGE_NAMESPACE = 'gradual-system';
export const BACKSTAGE_SERVICE_ACCOUNT = 'backstage';

/** The traffic-router CRDs installed from the traffic CRD directory. */
export const TRAFFIC_CRDS = [
  'virtualservices.networking.istio.io',
  'destinationrules.networking.istio.io',
];

/** Installs the CRDs of `crdDir` (only those named in `only`, when given) and waits until they are Established. */
export async function installCrds(
  clients: KubeClients,
  crdDir: string,
  only?: string[],
): Promise<string[]> {
  const objects = fs
    .readdirSync(crdDir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f => parseManifests(fs.readFileSync(path.join(crdDir, f), 'utf8')))
    .filter(o => !only || only.includes(o.metadata?.name ?? ''));
  const missing = (only ?? []).filter(
    name => !objects.some(o => o.metadata?.name === name),
  );
  if (missing.length) {
    throw new Error(`${crdDir} has no CRD ${missing.join(', ')}`);
  }
  await applyObjects(clients, objects);
  const names = objects.map(o => o.metadata!.name!);
  await waitFor(
    async () => {
      for (const name of names) {
        const crd = await clients.extensions.readCustomResourceDefinition({
          name,
        });
        const established = crd.status?.conditions?.some(
          c => c.type === 'Established' && c.status === 'True',
        );
        if (!established) return false;
      }
      return true;
    },
    {
      timeoutMs: 60_000,
      description: `CRDs ${names.join(', ')} to be Established`,
    },
  );
  return names;
}

export function kwokNode(name: string): k8s.KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'kwok.x-k8s.io/node': 'fake',
      },
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
      },
    },
  } as k8s.KubernetesObject;
}

export async function createNodes(
  clients: KubeClients,
  count: number,
): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `kwok-node-${i}`);
  await applyObjects(clients, names.map(kwokNode));
  return names;
}

export async function waitForNodesReady(
  clients: KubeClients,
  names: string[],
  timeoutMs = 60_000,
): Promise<void> {
  await waitFor(
    async () => {
      for (const name of names) {
        const node = await clients.core.readNode({ name });
        const ready = node.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        );
        if (!ready) return false;
      }
      return true;
    },
    { timeoutMs, description: `nodes ${names.join(', ')} to be Ready` },
  );
}

function namespace(name: string): k8s.KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  } as k8s.KubernetesObject;
}

export async function createNamespaces(
  clients: KubeClients,
  names: string[],
): Promise<void> {
  await applyObjects(clients, names.map(namespace));
}

/** What the Backstage backend may do: read everything it shows, drive rollouts. */
function backstageRbac(): k8s.KubernetesObject[] {
  const read = ['get', 'list', 'watch'];
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: BACKSTAGE_SERVICE_ACCOUNT,
        namespace: BACKSTAGE_NAMESPACE,
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'gradual-backstage' },
      rules: [
        {
          apiGroups: [''],
          resources: [
            'pods',
            'services',
            'configmaps',
            'events',
            'namespaces',
            'endpoints',
          ],
          verbs: read,
        },
        {
          apiGroups: ['apps'],
          resources: ['replicasets', 'deployments'],
          verbs: read,
        },
        // set-image and undo of a rollout with spec.workloadRef patch its Deployment.
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] },
        {
          apiGroups: ['networking.k8s.io'],
          resources: ['ingresses'],
          verbs: read,
        },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: read },
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
            'analysistemplates',
            'clusteranalysistemplates',
            'experiments',
          ],
          verbs: read,
        },
        {
          apiGroups: ['argoproj.io'],
          resources: [
            'rollouts',
            'rollouts/status',
            'analysisruns',
            'experiments',
          ],
          verbs: ['patch', 'update'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'gradual-backstage' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'gradual-backstage',
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: BACKSTAGE_SERVICE_ACCOUNT,
          namespace: BACKSTAGE_NAMESPACE,
        },
      ],
    },
  ] as k8s.KubernetesObject[];
}

/**
 * Creates the Backstage ServiceAccount, binds it, requests a 30-day token
 * (TokenRequest API) and writes backstage.kubeconfig. Returns the token.
 */
export async function setUpBackstageAccess(
  config: ClusterConfig,
  clients: KubeClients,
): Promise<string> {
  await applyObjects(clients, backstageRbac());
  const request = await clients.core.createNamespacedServiceAccountToken({
    name: BACKSTAGE_SERVICE_ACCOUNT,
    namespace: BACKSTAGE_NAMESPACE,
    body: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: [], expirationSeconds: 30 * 24 * 3600 },
    },
  });
  const token = request.status!.token;
  writeKubeconfig(config, {
    file: statePaths(config).backstageKubeconfig,
    user: 'backstage',
    token,
  });
  return token;
}

export const SYSTEM_NAMESPACES = [ROLLOUTS_NAMESPACE, BACKSTAGE_NAMESPACE];
