import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { parse as parseYaml } from 'yaml';
import {
  KubeObject,
  RolloutsPlatformConfig,
  StrategyChangeResponse,
  formatFinding,
  hasErrors,
  summarizeRollout,
} from '@gradual/plugin-rollouts-common';
import {
  checkExpected,
  isStaleWrite,
  rolloutState,
} from '../actions/preconditions';
import { ClusterCache } from '../cache/ClusterCache';
import { EntityRolloutSelector } from '../entities/entityRollouts';
import { GitOpsService } from '../gitops/GitOpsService';
import { proposeAsPullRequest } from '../gitops/proposeChange';
import { MutationAttempt } from '../history/auditedMutation';
import { JSON_PATCH } from '../kube/KubeClient';
import { rolloutPath } from '../kube/resources';
import {
  RolloutLocator,
  RolloutRequestTarget,
} from '../service/RolloutLocator';
import { ArgoCdManagedError } from './ArgoCdManagedError';
import { readOwnedRollout } from './readOwnedRollout';
import { StrategyChangeRequest } from './strategyChangeRequest';
import { planStrategyUpdate } from './strategyPlan';

/** Plans made and sent before a rollout that keeps changing answers 409. */
export const MAX_PLAN_ATTEMPTS = 3;

/** Everything one audited strategy-change attempt works with. */
export interface StrategyApplyContext {
  attempt: MutationAttempt;
  platform: RolloutsPlatformConfig;
  logger: LoggerService;
  locator: RolloutLocator;
  /** Pull requests for Argo CD-managed rollouts; without it they answer 409. */
  gitops?: GitOpsService;
  credentials: BackstageCredentials;
  actor: string;
  entity: Entity;
  target: RolloutRequestTarget;
  cluster: ClusterCache;
  selector: EntityRolloutSelector;
  request: StrategyChangeRequest;
}

/**
 * Applies a new strategy to a located rollout, once the caller is
 * authorised: plans on the live object, refuses lint errors (400) and an
 * Argo CD-managed rollout without a repository (409), proposes a pull
 * request when Argo CD manages it, otherwise sends the plan's JSON patch.
 * A patch whose resourceVersion `test` failed because the rollout changed
 * is planned again, at most {@link MAX_PLAN_ATTEMPTS} times.
 */
export async function applyStrategyChange(
  context: StrategyApplyContext,
): Promise<StrategyChangeResponse> {
  const { attempt, cluster, selector, target, entity, request } = context;
  const { spec } = request;
  const client = cluster.client;
  const getLive = () => readOwnedRollout(client, target, selector);
  for (let round = 1; ; round++) {
    const live = await getLive();
    attempt.before = rolloutState(live);
    checkExpected(live, { expected: request.expected });
    const plan = await planStrategyUpdate(
      { client, platform: context.platform, logger: context.logger },
      cluster.name,
      live,
      spec,
    );
    const repository = plan.managedByArgoCD
      ? context.gitops?.repositoryFor(entity)
      : undefined;
    if (plan.managedByArgoCD && (!repository || 'reason' in repository)) {
      const why = repository ? ` (${repository.reason})` : '';
      throw new ArgoCdManagedError(
        `Argo CD manages rollout ${target.namespace}/${target.name}: its self-heal would revert a direct change of the strategy. Commit the proposed Rollout (rolloutYaml) to the application's Git repository instead${why}.`,
        plan,
      );
    }
    if (hasErrors(plan.findings)) {
      throw new InputError(
        `the new strategy does not pass the rollout lint: ${plan.findings
          .filter(f => f.severity === 'error')
          .map(formatFinding)
          .join('; ')}`,
      );
    }
    if (plan.unchanged) {
      // The live strategy already is the requested one: nothing to write.
      await attempt.record(
        'succeeded',
        'no change: the strategy already is the requested one',
      );
      await attempt.audit.success({
        meta: {
          before: attempt.before,
          after: attempt.before,
          strategy: spec.strategy,
          unchanged: true,
        },
      });
      return { ...plan, applied: false, dryRun: false };
    }
    if (repository && !('reason' in repository) && context.gitops) {
      // Exactly the strategy of the file the 409 answers with.
      const proposed = parseYaml(plan.rolloutYaml).spec.strategy;
      const gitOps = await proposeAsPullRequest(
        {
          gitops: context.gitops,
          locator: context.locator,
          attempt,
          credentials: context.credentials,
          actor: context.actor,
          entity,
          repository,
          cluster: cluster.name,
          live,
          change: { kind: 'strategy', strategy: proposed },
          summary: `${spec.strategy} strategy`,
          details: ['```diff', plan.yamlDiff.trimEnd(), '```'].join('\n'),
        },
        { strategy: spec.strategy },
      );
      return { ...plan, applied: false, dryRun: false, gitOps };
    }
    // The history row first (pending), then the patch: a replica that
    // dies in between leaves a row another replica can resolve.
    await attempt.begin({
      resourceVersion: live.metadata.resourceVersion ?? '',
      calls: [
        {
          target: 'main',
          contentType: JSON_PATCH,
          body: plan.patch.map(op => ({ ...op })),
        },
      ],
    });
    // The plan's patch starts with a `test` of the resourceVersion it was made on.
    let result: KubeObject;
    try {
      result = await client.request<KubeObject>(
        'PATCH',
        rolloutPath(target.namespace, target.name),
        { body: plan.patch, contentType: 'application/json-patch+json' },
      );
    } catch (e) {
      // A 422 on this patch: the `test` failed when something (often the
      // controller's status write) changed the rollout after the plan was
      // made. Plan again on the new object, a bounded number of times; a
      // caller's `expected` is checked again on each round.
      const stale = await isStaleWrite(
        e,
        live.metadata.resourceVersion,
        getLive,
      );
      if (!stale) throw e;
      if (round >= MAX_PLAN_ATTEMPTS) {
        throw new ConflictError(
          `rollout ${target.namespace}/${target.name} kept changing while the strategy change was applied (${MAX_PLAN_ATTEMPTS} attempts); try again`,
        );
      }
      continue;
    }
    attempt.after = rolloutState(result);
    await attempt.record('succeeded');
    await attempt.audit.success({
      meta: {
        before: attempt.before,
        after: attempt.after,
        strategy: spec.strategy,
        resourceVersion: result.metadata.resourceVersion ?? null,
      },
    });
    return {
      ...plan,
      applied: true,
      dryRun: false,
      appliedResourceVersion: result.metadata.resourceVersion,
      rollout: summarizeRollout(cluster.name, {
        ...cluster.objectsOf(result),
        rollout: result,
      } as any),
    };
  }
}
