export { useEntityInfo } from './useEntityInfo';
export { useEntityRollouts } from './useEntityRollouts';
export { useRolloutDetail, rolloutKey } from './useRolloutDetail';
export { useRefreshTrigger, POLL_INTERVAL_MS } from './useRefreshTrigger';
export { useLiveResource } from './useLiveResource';
export type { LiveResource } from './useLiveResource';
export { useNow } from './useNow';
