import type { KubeObject } from './kubeObjects';

/** Labels, annotations and ownership conventions of Argo Rollouts. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
/** The revision number the controller writes on Rollouts and their ReplicaSets. */
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
export const SCALE_DOWN_DEADLINE_ANNOTATION = 'scale-down-deadline';
export const EXPERIMENT_TEMPLATE_NAME_ANNOTATION =
  'experiment.argoproj.io/template-name';
export const ROLLOUT_TYPE_LABEL = 'rollout-type';
export const JOB_NAME_METADATA_KEY = 'job-name';
export const JOB_NAMESPACE_METADATA_KEY = 'job-namespace';
export const ARGOCD_INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const ARGOCD_TRACKING_ID_ANNOTATION = 'argocd.argoproj.io/tracking-id';
/** Argo CD's commonly configured `application.instanceLabelKey`. */
export const ARGOCD_CUSTOM_INSTANCE_LABEL = 'argocd.argoproj.io/instance';
/** Written by `helm install` / `helm upgrade` (not by `helm template`). */
export const HELM_RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';

/**
 * The Backstage Kubernetes plugin's workload id (`KUBERNETES_ANNOTATION` of
 * `@backstage/plugin-kubernetes-common`): an annotation on the entity and the
 * label on the Rollout (and its pods) that links the two.
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** The Kubernetes plugin's label-selector annotation on an entity. */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
/** The Kubernetes plugin's namespace annotation on an entity. */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** Go's `strconv.Atoi`: an optional sign and decimal digits, nothing else. */
export function parseGoInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return value;
  }
  if (typeof value !== 'string' || !/^[+-]?\d+$/.test(value)) {
    return undefined;
  }
  return Number.parseInt(value, 10);
}

/** The `rollout.argoproj.io/revision` annotation; 0 when missing or invalid (as `info.parseRevision`). */
export function parseRevision(obj: KubeObject): number {
  return parseGoInt(obj.metadata.annotations?.[REVISION_ANNOTATION]) ?? 0;
}

/** True when one of the object's ownerReferences has one of the given UIDs. */
export function ownerUid(
  obj: KubeObject,
  uids: ReadonlySet<string>,
): string | undefined {
  for (const ref of obj.metadata.ownerReferences ?? []) {
    if (ref.uid && uids.has(ref.uid)) {
      return ref.uid;
    }
  }
  return undefined;
}

export function isOwnedBy(obj: KubeObject, uid: string | undefined): boolean {
  return uid !== undefined && ownerUid(obj, new Set([uid])) !== undefined;
}

export function podTemplateHash(obj: KubeObject): string {
  return obj.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '';
}

/** An IntOrString read the way the info package reads it (`.IntVal`: strings and nil read as 0). */
export function intVal(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.trunc(value)
    : 0;
}

/** An IntOrString that may hold a number as a string (the controller accepts both). */
export function intOrStringValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Math.trunc(value);
  }
  return parseGoInt(value);
}
