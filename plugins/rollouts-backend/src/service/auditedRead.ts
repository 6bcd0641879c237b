import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * The reads of an entity's rollouts (REST routes and MCP tools alike):
 * `strategy` is what the change-strategy dialog starts from, `strategy-plan`
 * a dry-run strategy change, `watch` the change stream of `gradual get
 * --watch`, `pull-requests` a rollout's GitOps pull requests; and the
 * platform view's reads of no one entity, `deliveries` and
 * `delivery-metrics`.
 */
export type RolloutReadQuery =
  | 'list'
  | 'get'
  | 'status'
  | 'watch'
  | 'history'
  | 'strategy'
  | 'strategy-plan'
  | 'pull-requests'
  | 'deliveries'
  | 'delivery-metrics';

/** The auditor event id of every rollout read (`meta.queryType` says which). */
export const ROLLOUT_READ_EVENT_ID = 'rollout-read';

/**
 * One audited read, low severity: the event names the actor (a user ref or
 * `service:<subject>`, also for MCP calls, which carry no HTTP request),
 * the entity as asked and the rollout; it is created before anything is
 * checked, so a refused or failed read is audited (failed) too.
 */
export async function runAuditedRead<T>(
  options: {
    auditor: AuditorService;
    queryType: RolloutReadQuery;
    actor: string;
    /** The entity as asked; absent for the platform view's reads. */
    entityRef?: string;
    target?: { cluster: string; namespace: string; name: string };
    params?: JsonObject;
    httpRequest?: any;
    /** What the success event adds, e.g. a wait's outcome. */
    successMeta?: (result: T) => JsonObject;
  },
  body: () => Promise<T>,
): Promise<T> {
  const { target } = options;
  const audit = await options.auditor.createEvent({
    eventId: ROLLOUT_READ_EVENT_ID,
    severityLevel: 'low',
    request: options.httpRequest,
    meta: {
      queryType: options.queryType,
      actor: options.actor,
      ...(options.entityRef ? { entityRef: options.entityRef } : {}),
      ...(target
        ? {
            cluster: target.cluster,
            namespace: target.namespace,
            rollout: target.name,
          }
        : {}),
      ...(options.params ? { params: options.params } : {}),
    },
  });
  let result: T;
  try {
    result = await body();
  } catch (e) {
    await audit.fail({ error: e as Error });
    throw e;
  }
  await audit.success(
    options.successMeta ? { meta: options.successMeta(result) } : undefined,
  );
  return result;
}
