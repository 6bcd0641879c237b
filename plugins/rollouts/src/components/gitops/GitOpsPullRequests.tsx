import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  GitOpsPullRequestsResponse,
  RolloutRef,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { rolloutKey, useEntityInfo, useLiveResource } from '../../hooks';
import { GitOpsPullRequestList } from './GitOpsPullRequestList';

/** Loads and shows the GitOps pull requests of a rollout; reloads on `trigger`. */
export function GitOpsPullRequests(props: {
  rollout: RolloutRef;
  trigger: number;
}) {
  const api = useApi(rolloutsApiRef);
  const { entityRef, entityName } = useEntityInfo();
  const { value, error, loading } = useLiveResource<
    GitOpsPullRequestsResponse | undefined
  >(
    `pull-requests:${entityRef}:${rolloutKey(props.rollout)}`,
    async () => api.getPullRequests?.(entityName, props.rollout),
    props.trigger,
  );
  if (loading) return <Progress />;
  if (error && !value) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the pull requests"
      />
    );
  }
  return value ? <GitOpsPullRequestList value={value} /> : null;
}
