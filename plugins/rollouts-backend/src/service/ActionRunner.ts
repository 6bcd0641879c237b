import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ActionRequest,
  ActionResponse,
  describeRollout,
  summarizeRollout,
} from '@gradual/plugin-rollouts-common';
import { getActionDefinition } from '../actions/actionTable';
import {
  auditedParams,
  checkExpected,
  rolloutState,
} from '../actions/preconditions';
import { rolloutBelongsTo } from '../entities/entityRollouts';
import { GitOpsService } from '../gitops/GitOpsService';
import { proposeSetImage } from '../gitops/proposeChange';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { runAuditedMutation } from '../history/auditedMutation';
import { toHttpError } from '../kube/kubeErrors';
import { ActionExecutor } from './ActionExecutor';
import { ActionHolds } from './ActionHolds';
import { titleOf } from './clusterTitle';
import {
  RolloutLocator,
  RolloutRequestTarget,
  actorOf,
} from './RolloutLocator';

/**
 * The action path of {@link RolloutsService}: one audited, recorded attempt
 * per action request, around the {@link ActionExecutor}'s plan-and-patch
 * loop; a set-image of an Argo CD-managed rollout becomes a pull request.
 */
export class ActionRunner {
  readonly #locator: RolloutLocator;
  readonly #auditor: AuditorService;
  readonly #history: ActionHistoryStore;
  readonly #logger: LoggerService;
  readonly #holds: ActionHolds;
  readonly #gitops?: GitOpsService;

  constructor(options: {
    locator: RolloutLocator;
    auditor: AuditorService;
    history: ActionHistoryStore;
    logger: LoggerService;
    /** Test-only fault injection points around the patch. */
    holds: ActionHolds;
    /** set-image of an Argo CD-managed rollout becomes a pull request (GitOps). */
    gitops?: GitOpsService;
  }) {
    this.#locator = options.locator;
    this.#auditor = options.auditor;
    this.#history = options.history;
    this.#logger = options.logger;
    this.#holds = options.holds;
    this.#gitops = options.gitops;
  }

  /**
   * Runs one action: entity (404), permission (403, recorded), rollout of
   * that entity (404), live GET, `expected` (409), plan (400/409), patches
   * carrying the decision's resourceVersion (409 when the rollout moved on).
   * Every attempt past the entity lookup is audited and stored.
   */
  async run(
    target: RolloutRequestTarget,
    actionName: string,
    request: ActionRequest,
    credentials: BackstageCredentials,
    options: { httpRequest?: any } = {},
  ): Promise<ActionResponse> {
    const def = getActionDefinition(actionName);
    def.validate?.(request);
    const entity = await this.#locator.getEntity(target.entityRef, credentials);
    const entityRef = stringifyEntityRef(entity);
    const actor = actorOf(credentials);
    const params = auditedParams(request);
    return runAuditedMutation(
      {
        auditor: this.#auditor,
        history: this.#history,
        logger: this.#logger,
        eventId: 'rollout-action',
        severityLevel: def.severity,
        httpRequest: options.httpRequest,
        actor,
        entityRef,
        target,
        action: def.name,
        params,
        toHttpError,
      },
      async attempt => {
        await attempt.authorize(() =>
          this.#locator.authorize(
            def.permission,
            entityRef,
            credentials,
            def.name,
          ),
        );
        const { cluster, selector } = await this.#locator.locate(
          target,
          credentials,
          undefined,
          entity,
        );
        const proposed =
          def.name === 'set-image' && this.#gitops
            ? await proposeSetImage({
                gitops: this.#gitops,
                locator: this.#locator,
                attempt,
                credentials,
                actor,
                entity,
                cluster,
                target,
                request,
                belongs: live => rolloutBelongsTo(selector, live),
              })
            : undefined;
        if (proposed) {
          // Argo CD manages it: a pull request, the rollout is not patched.
          return {
            rollout: {
              ...summarizeRollout(
                cluster.name,
                cluster.objectsOf(proposed.live),
              ),
              ...titleOf(cluster),
            },
            gitOps: proposed.gitOps,
          };
        }
        const outcome = await new ActionExecutor(cluster.client).run({
          def,
          request,
          namespace: target.namespace,
          name: target.name,
          describe: live =>
            describeRollout(cluster.name, {
              ...cluster.objectsOf(live),
              rollout: live,
            }),
          inspect: (live, round) => {
            if (!rolloutBelongsTo(selector, live)) {
              throw new NotFoundError(
                `rollout ${target.namespace}/${target.name} does not belong to ${entityRef}`,
              );
            }
            if (round === 1) attempt.before = rolloutState(live);
            checkExpected(live, request);
          },
          beforeSend: async (live, calls) => {
            await attempt.begin({
              resourceVersion: live.metadata.resourceVersion ?? '',
              calls,
            });
            await this.#holds.at(def.name, 'before-patch', target);
          },
        });
        await this.#holds.at(def.name, 'after-patch', target);
        const result = outcome.rollout;
        attempt.after = rolloutState(result);
        const summary = {
          ...summarizeRollout(cluster.name, {
            ...cluster.objectsOf(result),
            rollout: result,
          }),
          ...titleOf(cluster),
        };
        await attempt.record('succeeded');
        await attempt.audit.success({
          meta: {
            before: attempt.before,
            after: attempt.after,
            phase: summary.phase,
            ...(outcome.forced
              ? { forced: true, warning: outcome.warning ?? null }
              : {}),
          },
        });
        return { rollout: summary };
      },
    );
  }
}
