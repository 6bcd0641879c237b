import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { ActionParams, RolloutDetail } from '@gradual/plugin-rollouts-common';
import { ActionDefinition, PatchCall } from '../actions/actionTable';
import { ActionDecision, decideAction } from '../actions/decideAction';
import { isStaleWrite, withResourceVersion } from '../actions/preconditions';
import { matchLabelsSelector } from '../actions/selectors';
import { WorkloadKind, workloadPath } from '../actions/workload';
import { KubeApiError, RequestOptions } from '../kube/KubeClient';
import { isValidObjectName, rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';

/** What the executor needs of a cluster's API server. */
export interface KubeRequester {
  request<T = any>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<T>;
}

/** Decisions made per request when the controller keeps writing in between. */
export const MAX_DECISION_ATTEMPTS = 3;

export interface ActionExecution {
  def: ActionDefinition;
  request: ActionParams;
  namespace: string;
  name: string;
  /** The live rollout as the rules see it (with its cached ReplicaSets, workload...). */
  describe(live: KubeObject): RolloutDetail;
  /**
   * Called with every live GET a decision is made on (round 1, 2...); throws
   * to stop (not the entity's rollout, `expected` no longer holds).
   */
  inspect?(live: KubeObject, round: number): void;
  /**
   * Called with the decision's calls right before they are sent (each round
   * that sends any); throws to send nothing. The history writes the
   * action's pending row here.
   */
  beforeSend?(live: KubeObject, calls: PatchCall[]): Promise<void>;
  now?(): Date;
}

export interface ActionResult extends Omit<ActionDecision, 'calls'> {
  /** The rollout after the calls (the last patch's answer, or a fresh GET). */
  rollout: KubeObject;
}

/**
 * Runs one action on a cluster: a live GET, the decision (rule, then plan),
 * the planned patches, each carrying the resourceVersion the decision was
 * made on. When the API server rejects a patch because the object changed in
 * between (409, or a failed JSON patch `test`), it decides again on fresh
 * state, at most {@link MAX_DECISION_ATTEMPTS} times, unless a patch of this
 * attempt already landed (then 409). A `/status` patch answered 404 (no
 * status subresource) goes to the main resource with its unified body, as
 * the kubectl plugin does. Kubernetes errors are thrown as they come.
 */
export class ActionExecutor {
  readonly #client: KubeRequester;

  constructor(client: KubeRequester) {
    this.#client = client;
  }

  async run(execution: ActionExecution): Promise<ActionResult> {
    const { def, request } = execution;
    for (let round = 1; ; round++) {
      const live = await this.#getRollout(execution);
      execution.inspect?.(live, round);
      const { calls, ...decision } = await decideAction(
        def,
        execution.describe(live),
        {
          rollout: live,
          request,
          now: execution.now?.() ?? new Date(),
          listReplicaSets: () => this.#listOwnedReplicaSets(live),
          getWorkload: (kind, name) => this.#getWorkload(live, kind, name),
        },
      );
      const progress = { sent: 0, failed: undefined as PatchCall | undefined };
      if (calls.length) await execution.beforeSend?.(live, calls);
      try {
        const rollout = await this.#send(execution, live, calls, progress);
        return { ...decision, rollout };
      } catch (e) {
        if (!(await this.#isStaleWrite(e, execution, live, progress.failed)))
          throw e;
        if (progress.sent > 0 || round >= MAX_DECISION_ATTEMPTS) {
          throw new ConflictError(
            `the rollout moved on since the decision (resourceVersion ${live.metadata.resourceVersion} is stale)`,
          );
        }
      }
    }
  }

  async #getRollout(target: { namespace: string; name: string }) {
    try {
      return await this.#client.request<KubeObject>(
        'GET',
        rolloutPath(target.namespace, target.name),
      );
    } catch (e) {
      if ((e as KubeApiError).statusCode === 404) {
        throw new NotFoundError(
          `rollout ${target.namespace}/${target.name} not found`,
        );
      }
      throw e;
    }
  }

  async #getWorkload(
    rollout: KubeObject,
    kind: WorkloadKind,
    name: string,
  ): Promise<KubeObject> {
    const ns = rollout.metadata.namespace!;
    if (!isValidObjectName(name)) {
      throw new InputError(`invalid spec.workloadRef name "${name}"`);
    }
    try {
      return await this.#client.request<KubeObject>(
        'GET',
        workloadPath(kind, ns, name),
      );
    } catch (e) {
      if ((e as KubeApiError).statusCode === 404) {
        throw new InputError(
          `the rollout's workloadRef ${kind} ${ns}/${name} does not exist`,
        );
      }
      throw e;
    }
  }

  /** `kubectl argo rollouts undo`: ReplicaSets matching the rollout's selector, controlled by it. */
  async #listOwnedReplicaSets(rollout: KubeObject): Promise<KubeObject[]> {
    const params = new URLSearchParams();
    const labelSelector = matchLabelsSelector(rollout.spec?.selector);
    if (labelSelector) params.set('labelSelector', labelSelector);
    const ns = rollout.metadata.namespace!;
    if (!isValidObjectName(ns)) throw new InputError('invalid namespace');
    const list = await this.#client.request<{ items: KubeObject[] }>(
      'GET',
      `/apis/apps/v1/namespaces/${encodeURIComponent(
        ns,
      )}/replicasets?${params}`,
    );
    return (list.items ?? []).filter(rs =>
      (rs.metadata.ownerReferences ?? []).some(
        o => o.controller && o.uid === rollout.metadata.uid,
      ),
    );
  }

  /** Whether the failed call met a newer rollout or workload than it was decided on. */
  #isStaleWrite(
    e: unknown,
    target: { namespace: string; name: string },
    decidedOn: KubeObject,
    failed: PatchCall | undefined,
  ): Promise<boolean> {
    if (!failed) {
      return Promise.resolve((e as KubeApiError).statusCode === 409);
    }
    const workload = failed.target === 'workload' ? failed.workload : undefined;
    if (workload) {
      return isStaleWrite(e, workload.resourceVersion, () =>
        this.#getWorkload(decidedOn, workload.kind, workload.name),
      );
    }
    return isStaleWrite(e, decidedOn.metadata.resourceVersion, () =>
      this.#getRollout(target),
    );
  }

  /** Sends the planned calls; each carries the resourceVersion of the object it was decided on. */
  async #send(
    target: { namespace: string; name: string },
    live: KubeObject,
    calls: PatchCall[],
    progress: { sent: number; failed?: PatchCall },
  ): Promise<KubeObject> {
    let current = live;
    let workloadChanged = false;
    const main = rolloutPath(target.namespace, target.name);
    for (const call of calls) {
      progress.failed = call;
      if (call.target === 'workload') {
        const { kind, name, resourceVersion } = call.workload!;
        await this.#client.request(
          'PATCH',
          workloadPath(kind, target.namespace, name),
          {
            body: withResourceVersion(call, resourceVersion),
            contentType: call.contentType,
          },
        );
        progress.sent++;
        workloadChanged = true;
        continue;
      }
      const rv = current.metadata.resourceVersion!;
      const path = call.target === 'status' ? `${main}/status` : main;
      try {
        current = await this.#client.request<KubeObject>('PATCH', path, {
          body: withResourceVersion(call, rv),
          contentType: call.contentType,
        });
        progress.sent++;
      } catch (e) {
        const err = e as KubeApiError;
        if (
          call.target === 'status' &&
          err.statusCode === 404 &&
          call.fallbackBody
        ) {
          current = await this.#client.request<KubeObject>('PATCH', main, {
            body: withResourceVersion({ ...call, body: call.fallbackBody }, rv),
            contentType: call.contentType,
          });
          progress.sent++;
          break;
        }
        throw e;
      }
    }
    progress.failed = undefined;
    // The rollout itself did not change: read it once more for the answer.
    return workloadChanged ? this.#getRollout(target) : current;
  }
}
