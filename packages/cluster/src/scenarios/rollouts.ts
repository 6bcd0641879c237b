/*
 * Small helpers for driving Argo Rollouts in scenario tests, using the same
 * API calls as Argo Rollouts' kubectl plugin v1.8.5
 * (https://github.com/argoproj/argo-rollouts/tree/v1.8.5/pkg/kubectl-argo-rollouts).
 */
import * as k8s from '@kubernetes/client-node';
import { KubeClients } from '../kube/clients';
import { waitFor } from '../waitFor';

const ARGO = { group: 'argoproj.io', version: 'v1alpha1' };
const mergePatch = k8s.setHeaderOptions(
  'Content-Type',
  k8s.PatchStrategy.MergePatch,
);

export type Rollout = { metadata: k8s.V1ObjectMeta; spec: any; status?: any };
export type AnalysisRun = {
  metadata: k8s.V1ObjectMeta;
  spec: any;
  status?: any;
};

export async function getRollout(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<Rollout> {
  return (await clients.custom.getNamespacedCustomObject({
    ...ARGO,
    plural: 'rollouts',
    namespace,
    name,
  })) as Rollout;
}

export async function listAnalysisRuns(
  clients: KubeClients,
  namespace: string,
): Promise<AnalysisRun[]> {
  const list = (await clients.custom.listNamespacedCustomObject({
    ...ARGO,
    plural: 'analysisruns',
    namespace,
  })) as { items: AnalysisRun[] };
  return list.items;
}

/** Waits until `predicate` holds for the rollout and returns the rollout. */
export function waitForRollout(
  clients: KubeClients,
  namespace: string,
  name: string,
  predicate: (ro: Rollout) => boolean,
  options: { timeoutMs: number; description: string },
): Promise<Rollout> {
  let last: Rollout | undefined;
  return waitFor(
    async () => {
      last = await getRollout(clients, namespace, name);
      return predicate(last) ? last : false;
    },
    { ...options, intervalMs: 500 },
  ).catch(e => {
    const s = last?.status;
    throw new Error(
      `${e.message}; last status: phase=${s?.phase} step=${s?.currentStepIndex} message=${s?.message}`,
    );
  });
}

/**
 * Plain `kubectl argo rollouts promote` of a rollout paused at a step (branch
 * D2 of the plugin): merge patch {"status":{"pauseConditions":null}} on the
 * status subresource, plus {"spec":{"paused":false}} on the main resource
 * only if spec.paused is set.
 */
export async function promotePaused(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<void> {
  const ro = await getRollout(clients, namespace, name);
  if (!(ro.status?.pauseConditions?.length > 0)) {
    throw new Error(
      `rollout ${namespace}/${name} has no pause conditions to clear`,
    );
  }
  await clients.custom.patchNamespacedCustomObjectStatus(
    {
      ...ARGO,
      plural: 'rollouts',
      namespace,
      name,
      body: { status: { pauseConditions: null } },
    },
    mergePatch,
  );
  if (ro.spec?.paused) {
    await clients.custom.patchNamespacedCustomObject(
      {
        ...ARGO,
        plural: 'rollouts',
        namespace,
        name,
        body: { spec: { paused: false } },
      },
      mergePatch,
    );
  }
}

export function isHealthyAt(ro: Rollout, image: string): boolean {
  const s = ro.status ?? {};
  return (
    s.phase === 'Healthy' &&
    s.observedGeneration === String(ro.metadata.generation) &&
    s.stableRS === s.currentPodHash &&
    ro.spec.template.spec.containers[0].image === image
  );
}
