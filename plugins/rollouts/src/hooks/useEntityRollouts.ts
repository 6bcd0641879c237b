import { useApi } from '@backstage/frontend-plugin-api';
import type { EntityRolloutsResponse } from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../api';
import { useEntityInfo } from './useEntityInfo';
import { LiveResource, useLiveResource } from './useLiveResource';

/** The current entity's rollouts, reloaded whenever `trigger` changes. */
export function useEntityRollouts(
  trigger: number,
): LiveResource<EntityRolloutsResponse> {
  const api = useApi(rolloutsApiRef);
  const { entityRef, entityName } = useEntityInfo();
  return useLiveResource(
    `list:${entityRef}`,
    () => api.getEntityRollouts(entityName),
    trigger,
  );
}
