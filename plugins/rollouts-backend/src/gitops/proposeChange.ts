/*
 * The GitOps branch of an audited mutation (strategy change, set-image): the
 * pull request permission (besides the change's own, checked before), the
 * pull request, and its history row and audit event.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ActionParams,
  GitOpsChangeResult,
  isManagedByArgoCD,
  rolloutGitOpsPullRequestPermission,
} from '@gradual/plugin-rollouts-common';
import { checkExpected, rolloutState } from '../actions/preconditions';
import { MutationAttempt } from '../history/auditedMutation';
import { toHttpError } from '../kube/kubeErrors';
import { rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { KubeRequester } from '../service/ActionExecutor';
import { RolloutLocator } from '../service/RolloutLocator';
import { GitOpsService } from './GitOpsService';
import { GitOpsRepositoryTarget } from './gitOpsRepository';
import { ManifestChange } from './manifestEdit';

export async function proposeAsPullRequest(
  options: {
    gitops: GitOpsService;
    locator: RolloutLocator;
    attempt: MutationAttempt;
    credentials: BackstageCredentials;
    actor: string;
    entity: Entity;
    repository: GitOpsRepositoryTarget;
    cluster: string;
    live: KubeObject;
    change: ManifestChange;
    /** What the change does, for the title: e.g. `strategy canary (4 steps)`. */
    summary: string;
    /** Markdown for the pull request body (after the standard header). */
    details?: string;
  },
  auditMeta: Record<string, string | number | boolean | null> = {},
): Promise<GitOpsChangeResult> {
  const { attempt, entity, live } = options;
  const entityRef = stringifyEntityRef(entity);
  await attempt.authorize(() =>
    options.locator.authorize(
      rolloutGitOpsPullRequestPermission,
      entityRef,
      options.credentials,
      'gitops-pull-request',
    ),
  );
  const { namespace, name } = live.metadata;
  const result = await options.gitops.propose({
    repository: options.repository,
    target: { cluster: options.cluster, rollout: live },
    change: options.change,
    title: `Rollout ${namespace}/${name}: ${options.summary}`,
    body: [
      `Requested by \`${options.actor}\` in Backstage for \`${entityRef}\` (cluster \`${options.cluster}\`).`,
      'Argo CD manages this rollout, so the change is proposed here instead of being patched into the cluster; Argo CD applies it once this is merged.',
      ...(options.details ? ['', options.details] : []),
    ].join('\n'),
  });
  const { pullRequest, created } = result;
  await attempt.record(
    'succeeded',
    `${created ? 'opened' : 'already open:'} pull request #${
      pullRequest.number
    } ${pullRequest.url}`,
  );
  await attempt.audit.success({
    meta: {
      ...auditMeta,
      before: attempt.before ?? null,
      gitops: {
        pullRequest: pullRequest.url,
        number: pullRequest.number,
        created,
        file: result.repository.path,
      },
    },
  });
  return result;
}

/**
 * set-image of an Argo CD-managed rollout whose entity has a repository: the
 * live rollout (checked to be the entity's, `expected` applied) and the pull
 * request; undefined when the rollout is not managed or no repository is
 * known (then the image is patched as for any rollout).
 */
export async function proposeSetImage(
  options: Omit<
    Parameters<typeof proposeAsPullRequest>[0],
    'repository' | 'live' | 'change' | 'summary' | 'details' | 'cluster'
  > & {
    cluster: { name: string; client: KubeRequester };
    target: { namespace: string; name: string };
    request: ActionParams;
    belongs(live: KubeObject): boolean;
  },
): Promise<{ live: KubeObject; gitOps: GitOpsChangeResult } | undefined> {
  const { cluster, target, request, attempt } = options;
  const repository = options.gitops.repositoryFor(options.entity);
  if ('reason' in repository) return undefined;
  let live: KubeObject;
  try {
    live = await cluster.client.request<KubeObject>(
      'GET',
      rolloutPath(target.namespace, target.name),
    );
  } catch (e) {
    throw toHttpError(e);
  }
  if (!options.belongs(live)) {
    throw new NotFoundError(
      `rollout ${target.namespace}/${
        target.name
      } does not belong to ${stringifyEntityRef(options.entity)}`,
    );
  }
  if (!isManagedByArgoCD(live as any)) return undefined;
  attempt.before = rolloutState(live);
  checkExpected(live, request);
  const container = request.container!;
  const image = request.image!;
  const gitOps = await proposeAsPullRequest(
    {
      ...options,
      cluster: cluster.name,
      repository,
      live,
      change: { kind: 'set-image', container, image },
      summary: `set image ${container}=${image}`,
    },
    { container, image },
  );
  return { live, gitOps };
}
