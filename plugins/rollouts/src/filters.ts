import type { Entity } from '@backstage/catalog-model';

/** Annotation naming the workload id, shared with the Kubernetes plugin. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** Annotation holding a label selector, shared with the Kubernetes plugin. */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/**
 * True when the entity has one of the Kubernetes annotations the rollouts
 * backend uses to find its rollouts.
 *
 * @public
 */
export function isRolloutsAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION] ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  );
}
