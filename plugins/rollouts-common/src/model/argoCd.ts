import type { KubeObject } from './kubeObjects';
import { ARGOCD_TRACKING_ID_ANNOTATION } from './conventions';

/**
 * True when Argo CD tracks the object: the `argocd.argoproj.io/tracking-id`
 * annotation (annotation tracking, alone or together with the
 * `app.kubernetes.io/instance` label). The instance label alone is not enough:
 * Helm and many charts set it too. A managed rollout's spec changes
 * (set-image, undo) are reverted by Argo CD's self-heal.
 */
export function isManagedByArgoCD(obj: KubeObject): boolean {
  const trackingId = obj.metadata.annotations?.[ARGOCD_TRACKING_ID_ANNOTATION];
  return typeof trackingId === 'string' && trackingId !== '';
}
