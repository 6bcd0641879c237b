import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@gradual/plugin-rollouts-common';

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
