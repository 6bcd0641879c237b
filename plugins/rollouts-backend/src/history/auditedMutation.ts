import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import {
  ActionHistoryEntry,
  ActionOutcome,
} from '@gradual/plugin-rollouts-common';
import { ActionHistoryStore, LandingCheck } from './ActionHistoryStore';

/** A rollout's step and revision, before and after a mutation. */
export type RolloutState = {
  step: number | null;
  revision: string;
};

/** What the body of {@link runAuditedMutation} uses to report its attempt. */
export interface MutationAttempt {
  /** The auditor event of this attempt; the body reports success on it. */
  audit: Awaited<ReturnType<AuditorService['createEvent']>>;
  before?: RolloutState;
  after?: RolloutState;
  /**
   * Called right before patches are sent: writes the attempt's history row as
   * `pending` (or, decided again, updates what it sends), so that a replica
   * dying before {@link MutationAttempt.record} leaves a row a reader can
   * resolve from the cluster. A store failure here fails the attempt: no
   * patch is sent without its row.
   */
  begin(check: LandingCheck): Promise<void>;
  /**
   * Stores the attempt's outcome in the action history: completes its
   * pending row, or adds one (once; a store failure is logged).
   */
  record(outcome: ActionOutcome, message?: string): Promise<void>;
  /** Runs a permission check; a refusal is recorded as `denied` and rethrown. */
  authorize(check: () => Promise<unknown>): Promise<void>;
}

/**
 * One audited rollout mutation (an action or a strategy change): creates the
 * auditor event, and when the body throws, records the attempt as
 * `conflict` / `failed` (unless already recorded, or the rollout was not
 * found for the entity: no history row) and fails the audit event.
 */
export async function runAuditedMutation<T>(
  options: {
    auditor: AuditorService;
    history: ActionHistoryStore;
    logger: LoggerService;
    eventId: string;
    severityLevel: 'low' | 'medium' | 'high' | 'critical';
    httpRequest?: any;
    actor: string;
    entityRef: string;
    target: { cluster: string; namespace: string; name: string };
    action: ActionHistoryEntry['action'];
    params: Record<string, unknown> | undefined;
    toHttpError(e: unknown): Error;
  },
  body: (attempt: MutationAttempt) => Promise<T>,
): Promise<T> {
  const { actor, entityRef, target, action, params } = options;
  const audit = await options.auditor.createEvent({
    eventId: options.eventId,
    severityLevel: options.severityLevel,
    request: options.httpRequest,
    meta: {
      queryType: action,
      actor,
      entityRef,
      cluster: target.cluster,
      namespace: target.namespace,
      rollout: target.name,
      params: (params ?? null) as unknown as JsonValue,
    },
  });
  let recorded = false;
  let pendingId: string | undefined;
  const attempt: MutationAttempt = {
    audit,
    begin: async check => {
      if (pendingId) {
        await options.history.updateLandingCheck(pendingId, check);
        return;
      }
      pendingId = await options.history.begin(
        {
          actor,
          entityRef,
          cluster: target.cluster,
          namespace: target.namespace,
          name: target.name,
          action,
          params,
          before: attempt.before,
        },
        check,
      );
    },
    record: async (outcome, message) => {
      recorded = true;
      const completion = {
        outcome,
        message,
        before: attempt.before,
        after: attempt.after,
      };
      try {
        if (pendingId) await options.history.complete(pendingId, completion);
        else
          await options.history.add({
            actor,
            entityRef,
            cluster: target.cluster,
            namespace: target.namespace,
            name: target.name,
            action,
            params,
            ...completion,
          });
      } catch (e) {
        options.logger.error(`cannot store action history: ${e}`);
      }
    },
    authorize: async check => {
      try {
        await check();
      } catch (e) {
        await attempt.record('denied', (e as Error).message);
        throw e;
      }
    },
  };
  try {
    return await body(attempt);
  } catch (e) {
    const error = options.toHttpError(e);
    // A rollout that does not exist (for this entity) gets no history row,
    // unless its pending row was written already.
    if (!recorded && (pendingId || !(error instanceof NotFoundError))) {
      await attempt.record(
        error instanceof ConflictError ? 'conflict' : 'failed',
        error.message,
      );
    }
    await audit.fail({ error, meta: { before: attempt.before ?? null } });
    throw error;
  }
}
