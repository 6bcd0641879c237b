import { ReactNode, useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { RolloutSummary } from '@gradual/plugin-rollouts-common';
import { isRolloutsAvailable } from '../../filters';
import {
  rolloutKey,
  useEntityInfo,
  useEntityRollouts,
  useRefreshTrigger,
} from '../../hooks';
import { RolloutDetailView } from '../detail';
import { ClusterErrors, RolloutsOverviewTable } from '../overview';
import { UpdatedAgo } from '../status';
import {
  MissingAnnotationsEmptyState,
  NoRolloutsEmptyState,
} from './RolloutsEmptyState';

/** Query parameter holding the selected rollout, `cluster/namespace/name`. */
export const SELECTED_ROLLOUT_PARAM = 'rollout';

function RolloutsTab(props: { extraControls?: ReactNode }) {
  const { entityRef } = useEntityInfo();
  const live = useRefreshTrigger(entityRef);
  const [bump, setBump] = useState(0);
  const trigger = live.trigger + bump;
  const onChanged = useCallback(() => setBump(b => b + 1), []);
  const { value, error, loading, updatedAt } = useEntityRollouts(trigger);
  const [searchParams, setSearchParams] = useSearchParams();

  if (loading) {
    return <Progress />;
  }
  if (!value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No data')}
        title="Could not load rollouts"
      />
    );
  }

  const items = value.items;
  const wanted = searchParams.get(SELECTED_ROLLOUT_PARAM);
  const selected: RolloutSummary | undefined =
    items.find(i => rolloutKey(i) === wanted) ?? items[0];
  const select = (item: RolloutSummary) =>
    setSearchParams(
      params => {
        params.set(SELECTED_ROLLOUT_PARAM, rolloutKey(item));
        return params;
      },
      { replace: true },
    );

  return (
    <Box data-testid="rollouts-tab">
      {error && (
        <Alert severity="warning" style={{ marginBottom: 8 }}>
          Showing the last known rollouts: refreshing failed ({error.message}).
        </Alert>
      )}
      <ClusterErrors clusters={value.clusters} />
      {items.length === 0 ? (
        <NoRolloutsEmptyState />
      ) : (
        <>
          <InfoCard
            title="Rollouts"
            subheader={<UpdatedAgo updatedAt={updatedAt} live={live.live} />}
          >
            <RolloutsOverviewTable
              items={items}
              selectedKey={selected ? rolloutKey(selected) : undefined}
              onSelect={select}
            />
          </InfoCard>
          {selected && (
            <Box mt={3}>
              <RolloutDetailView
                key={rolloutKey(selected)}
                rollout={selected}
                trigger={trigger}
                live={live.live}
                onChanged={onChanged}
                extraControls={props.extraControls}
              />
            </Box>
          )}
        </>
      )}
    </Box>
  );
}

/**
 * The Rollouts entity tab: every rollout of the entity across clusters, and
 * the selected one in detail with its controls. Refreshes live.
 *
 * @public
 */
export function RolloutsContent(props: { extraControls?: ReactNode }) {
  const { entity } = useEntity();
  if (!isRolloutsAvailable(entity)) {
    return <MissingAnnotationsEmptyState />;
  }
  return <RolloutsTab extraControls={props.extraControls} />;
}
