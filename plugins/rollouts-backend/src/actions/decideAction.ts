import { ConflictError } from '@backstage/errors';
import {
  RolloutDetail,
  isActionAllowed,
} from '@gradual/plugin-rollouts-common';
import { ActionDefinition, PatchCall, PlanContext } from './actionTable';

/** What an action will send, decided on the live rollout. */
export interface ActionDecision {
  calls: PatchCall[];
  /** The rule warned against the action and the request forced it. */
  forced: boolean;
  /** The warning that was forced. */
  warning?: string;
}

/**
 * The rule, then the plan: 409 exactly when the shared rule says the action
 * does not apply to `detail` (the live rollout as the rules see it) and the
 * request does not force a forceable refusal; otherwise the plan's calls.
 */
export async function decideAction(
  def: ActionDefinition,
  detail: RolloutDetail,
  ctx: PlanContext,
): Promise<ActionDecision> {
  const applicability = def.isApplicable(detail, ctx.request);
  const { allowed, forced } = isActionAllowed(applicability, ctx.request);
  if (!allowed) {
    const reason = applicability.reason ?? 'not applicable';
    throw new ConflictError(
      `${def.title} does not apply now: ${reason}${
        applicability.forceable ? ' Send "force": true to go ahead anyway.' : ''
      }`,
    );
  }
  return {
    calls: await def.plan(ctx),
    forced,
    ...(forced ? { warning: applicability.reason } : {}),
  };
}
