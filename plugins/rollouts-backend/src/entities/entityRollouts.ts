import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@gradual/plugin-rollouts-common';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import {
  LabelRequirement,
  matchesLabels,
  parseLabelSelector,
} from './labelSelector';

export {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
};

/** Which rollouts belong to an entity, by the Kubernetes plugin's conventions. */
export interface EntityRolloutSelector {
  entityRef: string;
  requirements: LabelRequirement[];
  /** Restricts to one namespace when set. */
  namespace?: string;
}

/**
 * The label selector annotation wins; otherwise
 * `backstage.io/kubernetes-id=<annotation or entity name>`.
 */
export function selectorForEntity(entity: Entity): EntityRolloutSelector {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  let requirements: LabelRequirement[];
  try {
    requirements = selector
      ? parseLabelSelector(selector)
      : parseLabelSelector(
          `${KUBERNETES_ID_ANNOTATION}=${
            annotations[KUBERNETES_ID_ANNOTATION] ?? entity.metadata.name
          }`,
        );
  } catch (e) {
    throw new InputError(
      `entity has an invalid Kubernetes selector: ${(e as Error).message}`,
    );
  }
  const namespace =
    annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim() || undefined;
  return { entityRef: stringifyEntityRef(entity), requirements, namespace };
}

/**
 * The kubernetes-id value every matching rollout must carry, if the selector
 * pins one (lets the cache use its index).
 */
export function pinnedKubernetesId(
  selector: EntityRolloutSelector,
): string | undefined {
  for (const r of selector.requirements) {
    if (r.key === KUBERNETES_ID_ANNOTATION && r.op === 'eq') return r.value;
  }
  return undefined;
}

export function rolloutBelongsTo(
  selector: EntityRolloutSelector,
  rollout: KubeObject,
): boolean {
  if (selector.namespace && rollout.metadata.namespace !== selector.namespace)
    return false;
  return matchesLabels(selector.requirements, rollout.metadata.labels);
}
