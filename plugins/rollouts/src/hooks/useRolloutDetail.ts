import { useApi } from '@backstage/frontend-plugin-api';
import type {
  RolloutDetail,
  RolloutRef,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../api';
import { useEntityInfo } from './useEntityInfo';
import { LiveResource, useLiveResource } from './useLiveResource';

export function rolloutKey(ref: RolloutRef): string {
  return `${ref.cluster}/${ref.namespace}/${ref.name}`;
}

/** One rollout's detail, reloaded whenever `trigger` changes. */
export function useRolloutDetail(
  rollout: RolloutRef,
  trigger: number,
): LiveResource<RolloutDetail> {
  const api = useApi(rolloutsApiRef);
  const { entityRef, entityName } = useEntityInfo();
  return useLiveResource(
    `detail:${entityRef}:${rolloutKey(rollout)}`,
    () => api.getRollout(entityName, rollout),
    trigger,
  );
}
