import { InputError } from '@backstage/errors';
import { objectPath } from '../kube/resources';

/**
 * The workloads whose pod template is at `/spec/template`, which the CLI's
 * undo patches for a `workloadRef` rollout. (The CLI also sends its patch to
 * a core/v1 PodTemplate, whose template is at `/template`: that call cannot
 * succeed, so it is refused here as unsupported.)
 */
const WORKLOADS = {
  Deployment: { prefix: '/apis/apps/v1', plural: 'deployments' },
  ReplicaSet: { prefix: '/apis/apps/v1', plural: 'replicasets' },
} as const;

export type WorkloadKind = keyof typeof WORKLOADS;

/** The kind of `spec.workloadRef` as undo patches it; 400 for another kind. */
export function undoWorkloadKind(ref: { kind?: unknown }): WorkloadKind {
  const kind = String(ref.kind ?? '');
  if (!Object.prototype.hasOwnProperty.call(WORKLOADS, kind)) {
    throw new InputError(`workload of type ${kind} is not supported`);
  }
  return kind as WorkloadKind;
}

/** API path of a workload (names must be valid object names). */
export function workloadPath(
  kind: WorkloadKind,
  namespace: string,
  name: string,
): string {
  const { prefix, plural } = WORKLOADS[kind];
  return objectPath(prefix, plural, namespace, name);
}
