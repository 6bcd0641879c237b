import { useApi } from '@backstage/frontend-plugin-api';
import type { DeliveryMetricsResponse } from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { LiveResource, useLiveResource } from '../../hooks';

/** Delivery metrics of an entity, a group or everything visible, reloaded on `trigger`. */
export function useDeliveryMetrics(
  query: { entityRef?: string; groupRef?: string; days: number },
  trigger: number,
): LiveResource<DeliveryMetricsResponse> {
  const api = useApi(rolloutsApiRef);
  return useLiveResource(
    `metrics:${query.entityRef ?? ''}:${query.groupRef ?? ''}:${query.days}`,
    () => api.getDeliveryMetrics(query),
    trigger,
  );
}
