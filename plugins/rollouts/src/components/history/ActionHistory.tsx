import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { RolloutRef } from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { rolloutKey, useEntityInfo, useLiveResource } from '../../hooks';
import { ActionHistoryTable } from './ActionHistoryTable';

/** Loads and shows the action history of a rollout; reloads on `trigger`. */
export function ActionHistory(props: { rollout: RolloutRef; trigger: number }) {
  const api = useApi(rolloutsApiRef);
  const { entityRef, entityName } = useEntityInfo();
  const { value, error, loading } = useLiveResource(
    `history:${entityRef}:${rolloutKey(props.rollout)}`,
    () => api.getActionHistory(entityName, props.rollout),
    props.trigger,
  );
  if (loading) {
    return <Progress />;
  }
  if (error && !value) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the action history"
      />
    );
  }
  return <ActionHistoryTable items={value?.items ?? []} />;
}
