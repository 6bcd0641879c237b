import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Every rollout permission is a `catalog-entity` resource permission: the
 * decision is made on the entity that owns the rollout, so catalog
 * conditions such as `isEntityOwner` apply.
 */
const RESOURCE_TYPE = 'catalog-entity';

type EntityPermission = ResourcePermission<typeof RESOURCE_TYPE>;

const entityPermission = (
  name: string,
  action: 'read' | 'update',
): EntityPermission =>
  createPermission({
    name,
    attributes: { action },
    resourceType: RESOURCE_TYPE,
  });

export const rolloutReadPermission = entityPermission(
  'rollouts.rollout.read',
  'read',
);
/** promote, promote-full, skip-step and resume */
export const rolloutPromotePermission = entityPermission(
  'rollouts.rollout.promote',
  'update',
);
export const rolloutAbortPermission = entityPermission(
  'rollouts.rollout.abort',
  'update',
);
export const rolloutRetryPermission = entityPermission(
  'rollouts.rollout.retry',
  'update',
);
/** undo to a revision */
export const rolloutRollbackPermission = entityPermission(
  'rollouts.rollout.rollback',
  'update',
);
export const rolloutRestartPermission = entityPermission(
  'rollouts.rollout.restart',
  'update',
);
export const rolloutPausePermission = entityPermission(
  'rollouts.rollout.pause',
  'update',
);
export const rolloutSetImagePermission = entityPermission(
  'rollouts.rollout.set-image',
  'update',
);
export const rolloutStrategyUpdatePermission = entityPermission(
  'rollouts.rollout.strategy.update',
  'update',
);
/**
 * Open a pull request on the Git repository of an Argo CD-managed rollout
 * (GitOps), with the backend's Git host credentials. A strategy change or
 * set-image of such a rollout needs this and the change's own permission.
 */
export const rolloutGitOpsPullRequestPermission = entityPermission(
  'rollouts.gitops.pull-request',
  'update',
);
/** Run an AnalysisTemplate's queries without a rollout (analysis dry-run). */
export const analysisDryRunPermission = createPermission({
  name: 'rollouts.analysis.dry-run',
  attributes: { action: 'read' },
});

/**
 * See, on the platform Deliveries page and in fleet metrics, the rollouts
 * that no catalog entity claims (no entity decides their visibility). The
 * demo policy grants it to the admin groups only.
 */
export const rolloutUnmatchedReadPermission = createPermission({
  name: 'rollouts.deliveries.unmatched.read',
  attributes: { action: 'read' },
});

/** The mutation permissions (everything but the reads and the analysis dry-run). */
export const rolloutMutationPermissions = [
  rolloutPromotePermission,
  rolloutAbortPermission,
  rolloutRetryPermission,
  rolloutRollbackPermission,
  rolloutRestartPermission,
  rolloutPausePermission,
  rolloutSetImagePermission,
  rolloutStrategyUpdatePermission,
  rolloutGitOpsPullRequestPermission,
];

/** Every permission of the plugin: the reads, the mutations and the dry-run. */
export const rolloutsPermissions = [
  rolloutReadPermission,
  ...rolloutMutationPermissions,
  analysisDryRunPermission,
  rolloutUnmatchedReadPermission,
];
