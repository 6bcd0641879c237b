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
import {
  RolloutsPlatformConfig,
  StrategyChangeResponse,
  StrategyOptionsResponse,
  rolloutReadPermission,
  rolloutStrategyUpdatePermission,
} from '@gradual/plugin-rollouts-common';
import { GitOpsService } from '../gitops/GitOpsService';
import { runAuditedMutation } from '../history/auditedMutation';
import { runAuditedRead } from '../service/auditedRead';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { toHttpError } from '../kube/kubeErrors';
import { checkExpected } from '../actions/preconditions';
import {
  RolloutLocator,
  RolloutRequestTarget,
  actorOf,
} from '../service/RolloutLocator';
import { applyStrategyChange } from './applyStrategyChange';
import { readOwnedRollout } from './readOwnedRollout';
import { parseStrategyChangeRequest } from './strategyChangeRequest';
import { strategyOptionsFor } from './strategyOptions';
import { planStrategyUpdate } from './strategyPlan';

export { strategyReferences } from './strategyPlan';
export { ArgoCdManagedError } from './ArgoCdManagedError';

/** The history / audit name of a strategy change. */
export const STRATEGY_UPDATE_ACTION = 'strategy-update';

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
      async () => {
        const { cluster, rollout } = await this.#locator.locate(
          target,
          credentials,
          rolloutReadPermission,
        );
        return strategyOptionsFor(this.#platform, rollout, cluster.name);
      },
    );
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
    const request = parseStrategyChangeRequest(body);
    if (request.dryRun) {
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
          const live = await readOwnedRollout(cluster.client, target, selector);
          checkExpected(live, { expected: request.expected });
          return planStrategyUpdate(
            {
              client: cluster.client,
              platform: this.#platform,
              logger: this.#logger,
            },
            cluster.name,
            live,
            request.spec,
          );
        },
      );
    }
    const entity = await this.#locator.getEntity(target.entityRef, credentials);
    const entityRef = stringifyEntityRef(entity);

    const actor = actorOf(credentials);
    const params = {
      spec: request.spec,
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
        return applyStrategyChange({
          attempt,
          platform: this.#platform,
          logger: this.#logger,
          locator: this.#locator,
          gitops: this.#gitops,
          credentials,
          actor,
          entity,
          target,
          cluster,
          selector,
          request,
        });
      },
    );
  }
}
