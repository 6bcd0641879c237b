/*
 * The seeded demo: AnalysisTemplates plus the user-, order- and
 * payments-service workloads, from packages/cluster/demo/*.yaml.
 */
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { ClusterConfig } from '../config';
import { prometheusUrl } from '../components/prometheus';
import { applyObjects, createMissing, readManifests } from '../kube/apply';
import { KubeClients } from '../kube/clients';

export const DEMO_SERVICES = [
  'user-service',
  'order-service',
  'payments-service',
] as const;
export type DemoService = (typeof DEMO_SERVICES)[number];

const FILES = [
  'analysis-templates.yaml',
  ...DEMO_SERVICES.map(s => `${s}.yaml`),
];

/** The demo objects, with the local Prometheus address filled in. */
export function demoManifests(
  config: ClusterConfig,
  services: readonly DemoService[] = DEMO_SERVICES,
): k8s.KubernetesObject[] {
  const files = FILES.filter(
    f =>
      f === 'analysis-templates.yaml' || services.some(s => f === `${s}.yaml`),
  );
  return files.flatMap(f =>
    readManifests(path.join(config.packageDir, 'demo', f), {
      PROMETHEUS_URL: prometheusUrl(config),
    }),
  );
}

/**
 * Seeds the demo into `namespace` (which must exist). By default only
 * missing objects are created, so re-running `up` keeps whatever version a
 * demo rollout is at; `mode: 'apply'` server-side-applies every object.
 */
export async function seedDemo(
  config: ClusterConfig,
  clients: KubeClients,
  namespace: string = config.demoNamespace,
  services: readonly DemoService[] = DEMO_SERVICES,
  mode: 'create-missing' | 'apply' = 'create-missing',
): Promise<void> {
  const objects = demoManifests(config, services);
  if (mode === 'apply') {
    await applyObjects(clients, objects, { namespace });
  } else {
    await createMissing(clients, objects, { namespace });
  }
}
