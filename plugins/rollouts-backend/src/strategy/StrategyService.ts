/*
 * Change the strategy of a live Rollout (issue 6 item 5): the options a
 * developer starts from (presets allowed here, the live strategy as a spec),
 * the plan (YAML diff, JSON patch, lint, referenced objects) and its apply,
 * permission-checked on the owning entity, guarded by the resourceVersion,
 * audited and stored in the action history like the other actions. A rollout
 * that Argo CD tracks is never patched: self-heal would revert it, so the
 * change becomes a pull request on the entity's repository (GitOps), or,
 * without one, the answer is the file / patch to commit (409).
 */
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { parse as parseYaml } from 'yaml';
import {
  RolloutsPlatformConfig,
  StrategyChangeResponse,
  StrategyOptionsResponse,
  StrategySpec,
  formatFinding,
  hasErrors,
  isManagedByArgoCD,
  parseStrategySpec,
  resolveStrategy,
  rolloutReadPermission,
  rolloutStrategyUpdatePermission,
  strategySpecFromRollout,
  summarizeRollout,
} from '@gradual/plugin-rollouts-common';
import { rolloutBelongsTo } from '../entities/entityRollouts';
import { GitOpsService } from '../gitops/GitOpsService';
import { proposeAsPullRequest } from '../gitops/proposeChange';
import { runAuditedMutation } from '../history/auditedMutation';
import { runAuditedRead } from '../service/auditedRead';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { JSON_PATCH, KubeClient } from '../kube/KubeClient';
import { rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { toHttpError } from '../kube/kubeErrors';
import {
  checkExpected,
  isStaleWrite,
  rolloutState,
} from '../actions/preconditions';
import {
  RolloutLocator,
  RolloutRequestTarget,
  actorOf,
} from '../service/RolloutLocator';
import { deployTargetOf, planStrategyUpdate } from './strategyPlan';

export { strategyReferences } from './strategyPlan';

/** Plans made and sent before a rollout that keeps changing answers 409. */
const MAX_PLAN_ATTEMPTS = 3;

/** The history / audit name of a strategy change. */
export const STRATEGY_UPDATE_ACTION = 'strategy-update';

/**
 * 409 for a rollout that Argo CD manages: the plan travels with the error so
 * that the client can show the file and patch to commit.
 */
export class ArgoCdManagedError extends ConflictError {
  constructor(message: string, readonly plan: StrategyChangeResponse) {
    super(message);
  }
}

export class StrategyService {
  readonly #locator: RolloutLocator;
  readonly #platform: RolloutsPlatformConfig;
  readonly #auditor: AuditorService;
  readonly #history: ActionHistoryStore;
  readonly #logger: LoggerService;
  readonly #gitops?: GitOpsService;

  constructor(options: {
    /** Entity lookup, permission and cluster resolution (shared with the actions). */
    locator: RolloutLocator;
    platform: RolloutsPlatformConfig;
    auditor: AuditorService;
    history: ActionHistoryStore;
    logger: LoggerService;
    /** Pull requests for Argo CD-managed rollouts; without it they answer 409. */
    gitops?: GitOpsService;
  }) {
    this.#locator = options.locator;
    this.#gitops = options.gitops;
    this.#platform = options.platform;
    this.#auditor = options.auditor;
    this.#history = options.history;
    this.#logger = options.logger;
  }

  /** What the change-strategy dialog starts from (read permission; audited). */
  getOptions(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    options: { httpRequest?: any } = {},
  ): Promise<StrategyOptionsResponse> {
    return runAuditedRead(
      {
        auditor: this.#auditor,
        queryType: 'strategy',
        actor: actorOf(credentials),
        entityRef: target.entityRef,
        target,
        httpRequest: options.httpRequest,
      },
      () => this.#getOptions(target, credentials),
    );
  }

  async #getOptions(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
  ): Promise<StrategyOptionsResponse> {
    const { cluster, rollout } = await this.#locator.locate(
      target,
      credentials,
      rolloutReadPermission,
    );
    const { defaults, policies } = this.#platform;
    const { spec, unsupported } = strategySpecFromRollout(rollout);
    const deployTarget = deployTargetOf(rollout, cluster.name);
    const { allowedPresets } = resolveStrategy(defaults, deployTarget, {
      spec: spec ?? defaults.presets[defaults.defaultPreset].spec,
    });
    let defaultPreset: string;
    try {
      defaultPreset = resolveStrategy(defaults, deployTarget).presetName!;
    } catch {
      // the configured default is not among the presets allowed here
      defaultPreset = allowedPresets[0];
    }
    return {
      ...(spec ? { current: spec } : {}),
      unsupported,
      presets: allowedPresets.map(name => ({
        name,
        ...defaults.presets[name],
      })),
      defaultPreset,
      policies,
      managedByArgoCD: isManagedByArgoCD(rollout as any),
      resourceVersion: rollout.metadata.resourceVersion ?? '',
    };
  }

  /**
   * Plans (dry run, read permission) or applies (strategy.update permission,
   * audited) a new strategy. 400 invalid spec or lint errors, 403, 404,
   * 409 stale resourceVersion or Argo CD managed without a repository. An
   * Argo CD-managed rollout with a repository gets a pull request
   * (`gitOps` in the answer; also needs `rollouts.gitops.pull-request`).
   */
  async change(
    target: RolloutRequestTarget,
    body: unknown,
    credentials: BackstageCredentials,
    options: { httpRequest?: any } = {},
  ): Promise<StrategyChangeResponse> {
    const request = (body ?? {}) as {
      spec?: unknown;
      dryRun?: boolean;
      expected?: { resourceVersion?: string };
    };
    const spec = parseStrategySpec(request.spec, 'spec');
    const dryRun = request.dryRun === true;
    if (dryRun) {
      return runAuditedRead(
        {
          auditor: this.#auditor,
          queryType: 'strategy-plan',
          actor: actorOf(credentials),
          entityRef: target.entityRef,
          target,
          httpRequest: options.httpRequest,
        },
        async () => {
          const entity = await this.#locator.getEntity(
            target.entityRef,
            credentials,
          );
          await this.#locator.authorize(
            rolloutReadPermission,
            stringifyEntityRef(entity),
            credentials,
          );
          const { cluster, selector } = await this.#locator.locate(
            target,
            credentials,
            undefined,
            entity,
          );
          const live = await this.#getLive(cluster.client, target, selector);
          checkExpected(live, { expected: request.expected });
          return this.#plan(cluster.client, cluster.name, live, spec);
        },
      );
    }
    const entity = await this.#locator.getEntity(target.entityRef, credentials);
    const entityRef = stringifyEntityRef(entity);

    const actor = actorOf(credentials);
    const params = {
      spec,
      ...(request.expected ? { expected: { ...request.expected } } : {}),
    };
    return runAuditedMutation(
      {
        auditor: this.#auditor,
        history: this.#history,
        logger: this.#logger,
        eventId: 'rollout-strategy-update',
        severityLevel: 'medium',
        httpRequest: options.httpRequest,
        actor,
        entityRef,
        target,
        action: STRATEGY_UPDATE_ACTION,
        params,
        toHttpError,
      },
      async attempt => {
        await attempt.authorize(() =>
          this.#locator.authorize(
            rolloutStrategyUpdatePermission,
            entityRef,
            credentials,
          ),
        );
        const { cluster, selector } = await this.#locator.locate(
          target,
          credentials,
          undefined,
          entity,
        );
        const client = cluster.client;
        for (let round = 1; ; round++) {
          const live = await this.#getLive(client, target, selector);
          attempt.before = rolloutState(live);
          checkExpected(live, { expected: request.expected });
          const plan = await this.#plan(client, cluster.name, live, spec);
          const repository = plan.managedByArgoCD
            ? this.#gitops?.repositoryFor(entity)
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
          if (repository && !('reason' in repository) && this.#gitops) {
            // Exactly the strategy of the file the 409 answers with.
            const proposed = parseYaml(plan.rolloutYaml).spec.strategy;
            const gitOps = await proposeAsPullRequest(
              {
                gitops: this.#gitops,
                locator: this.#locator,
                attempt,
                credentials,
                actor,
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
              () => this.#getLive(client, target, selector),
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
      },
    );
  }

  async #getLive(
    client: KubeClient,
    target: RolloutRequestTarget,
    selector: Parameters<typeof rolloutBelongsTo>[0],
  ): Promise<KubeObject> {
    let live: KubeObject;
    try {
      live = await client.request<KubeObject>(
        'GET',
        rolloutPath(target.namespace, target.name),
      );
    } catch (e) {
      throw toHttpError(e);
    }
    if (!rolloutBelongsTo(selector, live)) {
      throw new NotFoundError(
        `rollout ${target.namespace}/${target.name} does not belong to ${target.entityRef}`,
      );
    }
    return live;
  }

  #plan(
    client: KubeClient,
    clusterName: string,
    live: KubeObject,
    spec: StrategySpec,
  ): Promise<StrategyChangeResponse> {
    return planStrategyUpdate(
      { client, platform: this.#platform, logger: this.#logger },
      clusterName,
      live,
      spec,
    );
  }
}
