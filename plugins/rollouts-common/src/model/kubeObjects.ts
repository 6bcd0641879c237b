/**
 * Loose shapes of the Kubernetes objects the plugins read: the status model
 * here and the backend's watch cache, API calls and tests use the same type.
 * Only the fields they need are typed; `spec` and `status` stay open because
 * they must accept objects from any Argo Rollouts version (and trimmed copies
 * of them). `metadata.uid` is required: the API server sets it on every
 * object, and the cache and ownership checks key on it.
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
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubeOwnerReference[];
  creationTimestamp?: string;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string;
  generateName?: string;
  /** Fields the model does not read (managedFields, finalizers, …). */
  [key: string]: unknown;
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
