import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  KubeObject,
  RolloutDetail,
  RolloutPolicies,
  countFindings,
  describeRollout,
  lintLiveRollout,
  rolloutReadPermission,
} from '@gradual/plugin-rollouts-common';
import { ClusterCache } from '../cache/ClusterCache';
import { titleOf } from './clusterTitle';
import { ReadOptions, RolloutReadAudit } from './RolloutReadAudit';
import { RolloutLocator, RolloutRequestTarget } from './RolloutLocator';
import { ViewListeners } from './ViewListeners';

/**
 * The detail view of {@link RolloutsService}: one rollout with its
 * objects, events, findings and networking (read permission; audited).
 */
export class RolloutDetailReader {
  readonly #locator: RolloutLocator;
  readonly #logger: LoggerService;
  readonly #policies: RolloutPolicies;
  readonly #views: ViewListeners;
  readonly #audit: RolloutReadAudit;

  constructor(options: {
    locator: RolloutLocator;
    logger: LoggerService;
    policies: RolloutPolicies;
    views: ViewListeners;
    audit: RolloutReadAudit;
  }) {
    this.#locator = options.locator;
    this.#logger = options.logger;
    this.#policies = options.policies;
    this.#views = options.views;
    this.#audit = options.audit;
  }

  /** One rollout in detail (read permission; audited). */
  get(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
    options: ReadOptions = {},
  ): Promise<RolloutDetail> {
    return this.#audit.run('get', { target }, credentials, options, () =>
      this.#getRollout(target, credentials),
    );
  }

  async #getRollout(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
  ): Promise<RolloutDetail> {
    const { cluster, rollout, selector } = await this.#locator.locate(
      target,
      credentials,
      rolloutReadPermission,
    );
    this.#views.notify(selector, credentials);
    const findings = lintLiveRollout(rollout, this.#policies);
    return {
      ...describeRollout(cluster.name, {
        ...cluster.objectsOf(rollout),
        events: await this.#eventsOf(cluster, rollout),
      }),
      ...titleOf(cluster),
      findings,
      findingCounts: countFindings(findings),
      networking: cluster.networkingOf(rollout),
    };
  }

  /** The detail view's events; without them (logged) when the API server cannot list them. */
  async #eventsOf(
    cluster: ClusterCache,
    rollout: KubeObject,
  ): Promise<KubeObject[]> {
    try {
      return await cluster.eventsOf(rollout);
    } catch (e) {
      this.#logger.warn(
        `cannot list the events of rollout ${cluster.name}/${rollout.metadata.namespace}/${rollout.metadata.name}: ${e}`,
      );
      return [];
    }
  }
}
