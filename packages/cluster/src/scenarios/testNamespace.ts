/*
 * A throw-away namespace holding a fresh copy of one demo service, so each
 * scenario starts from a Healthy rollout and runs are repeatable.
 */
import crypto from 'node:crypto';
import { ClusterConfig } from '../config';
import { DemoService, seedDemo } from '../demo/manifests';
import { applyObjects } from '../kube/apply';
import { KubeClients } from '../kube/clients';
import { waitForRollout } from './rollouts';

export async function createScenarioNamespace(
  config: ClusterConfig,
  clients: KubeClients,
  service: DemoService,
): Promise<string> {
  const namespace = `gradual-scn-${crypto.randomBytes(3).toString('hex')}`;
  await applyObjects(clients, [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { 'gradual.dev/scenario': service },
      },
    },
  ]);
  await seedDemo(config, clients, namespace, [service]);
  await waitForRollout(
    clients,
    namespace,
    service,
    ro => ro.status?.phase === 'Healthy',
    {
      timeoutMs: 60_000,
      description: `${namespace}/${service} to be Healthy after seeding`,
    },
  );
  return namespace;
}

export async function deleteScenarioNamespace(
  clients: KubeClients,
  namespace: string | undefined,
): Promise<void> {
  if (!namespace) return;
  await clients.core.deleteNamespace({ name: namespace }).catch(() => {});
}
