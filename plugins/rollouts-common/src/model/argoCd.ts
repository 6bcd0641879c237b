import type { KubeObject } from './kubeObjects';
import {
  ARGOCD_CUSTOM_INSTANCE_LABEL,
  ARGOCD_INSTANCE_LABEL,
  ARGOCD_TRACKING_ID_ANNOTATION,
  HELM_RELEASE_NAME_ANNOTATION,
} from './conventions';

/** How Argo CD tracks an object (its `application.resourceTrackingMethod`). */
export type ArgoCdTracking =
  | { method: 'annotation'; trackingId: string }
  | { method: 'label'; label: string; application: string };

/** Which Argo CD tracking methods to recognise. */
export interface ArgoCdTrackingOptions {
  /**
   * Label keys of label tracking (Argo CD's `application.instanceLabelKey`).
   * Default: `argocd.argoproj.io/instance` only, which nothing but Argo CD
   * writes. Add `app.kubernetes.io/instance` (Argo CD's default key) where
   * Argo CD uses label tracking with it: Helm and many charts set that label
   * too, so it is not recognised by default.
   */
  instanceLabelKeys?: readonly string[];
}

/**
 * How Argo CD tracks the object, or undefined when it does not:
 * - annotation tracking (alone or with the label): the
 *   `argocd.argoproj.io/tracking-id` annotation;
 * - label tracking: one of `instanceLabelKeys`; an object of an installed Helm
 *   release (the `meta.helm.sh/release-name` annotation, which `helm install`
 *   and `upgrade` write and Argo CD's `helm template` rendering never does) is
 *   not taken for Argo CD's by its `app.kubernetes.io/instance` label.
 * A managed rollout's spec changes (set-image, undo, strategy) are reverted by
 * Argo CD's self-heal: they belong in Git.
 */
export function argoCdTracking(
  obj: KubeObject,
  options: ArgoCdTrackingOptions = {},
): ArgoCdTracking | undefined {
  const annotations = obj.metadata.annotations ?? {};
  const labels = obj.metadata.labels ?? {};
  const trackingId = annotations[ARGOCD_TRACKING_ID_ANNOTATION];
  if (typeof trackingId === 'string' && trackingId !== '') {
    return { method: 'annotation', trackingId };
  }
  const helmRelease = Boolean(annotations[HELM_RELEASE_NAME_ANNOTATION]);
  for (const label of options.instanceLabelKeys ?? [
    ARGOCD_CUSTOM_INSTANCE_LABEL,
  ]) {
    const application = labels[label];
    if (!application) continue;
    if (label === ARGOCD_INSTANCE_LABEL && helmRelease) continue;
    return { method: 'label', label, application };
  }
  return undefined;
}

/** True when Argo CD tracks the object (see {@link argoCdTracking}). */
export function isManagedByArgoCD(
  obj: KubeObject,
  options?: ArgoCdTrackingOptions,
): boolean {
  return argoCdTracking(obj, options) !== undefined;
}
