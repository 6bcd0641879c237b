/**
 * Loose shapes of the Kubernetes objects the status model reads. Only the
 * fields the model needs are typed; `spec` and `status` stay open because the
 * model must accept objects from any Argo Rollouts version (and trimmed
 * copies of them).
 */

export interface KubeOwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubeOwnerReference[];
  creationTimestamp?: string;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string;
  generateName?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObjectMeta;
  spec?: any;
  status?: any;
  /** Core/v1 Events keep their payload at the top level. */
  [key: string]: any;
}

/**
 * Everything the model needs to describe one rollout. The lists may hold every
 * object of the namespace: ownership is decided by ownerReference UIDs, exactly
 * as the kubectl plugin's `info` package does.
 */
export interface RolloutObjects {
  rollout: KubeObject;
  replicaSets: KubeObject[];
  pods: KubeObject[];
  analysisRuns: KubeObject[];
  experiments: KubeObject[];
  events?: KubeObject[];
  /**
   * The object `spec.workloadRef` points at (normally a Deployment), if the
   * caller fetched it. Only used for the container list.
   */
  workload?: KubeObject;
}

/** Time values accepted by the model (ISO strings from the API). */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
