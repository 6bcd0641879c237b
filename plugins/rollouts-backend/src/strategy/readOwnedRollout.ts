import { NotFoundError } from '@backstage/errors';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import {
  EntityRolloutSelector,
  rolloutBelongsTo,
} from '../entities/entityRollouts';
import { KubeClient } from '../kube/KubeClient';
import { toHttpError } from '../kube/kubeErrors';
import { rolloutPath } from '../kube/resources';
import { RolloutRequestTarget } from '../service/RolloutLocator';

/**
 * The rollout as the API server has it now (not the watch cache): a strategy
 * is planned on the object it patches. 404 when it is not the entity's.
 */
export async function readOwnedRollout(
  client: KubeClient,
  target: RolloutRequestTarget,
  selector: EntityRolloutSelector,
): Promise<KubeObject> {
  let live: KubeObject;
  try {
    live = await client.request<KubeObject>(
      'GET',
      rolloutPath(target.namespace, target.name),
    );
  } catch (e) {
    throw toHttpError(e);
  }
  if (!rolloutBelongsTo(selector, live)) {
    throw new NotFoundError(
      `rollout ${target.namespace}/${target.name} does not belong to ${target.entityRef}`,
    );
  }
  return live;
}
