import { ConflictError, InputError } from '@backstage/errors';
import {
  ActionRequest,
  RolloutActionName,
  getCurrentCanaryStep,
  isUnpausing,
  ACTION_RULES,
  ROLLOUT_ACTIONS,
  RolloutDetail,
} from '@gradual/plugin-rollouts-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JSON_PATCH, MERGE_PATCH } from '../kube/KubeClient';
import { KubeObject } from '../kube/types';
import { chooseUndoTarget, templateForUndo } from './undo';

/** One PATCH call of an action, as the kubectl plugin sends it. */
export interface PatchCall {
  /** `status` = the `/status` subresource. */
  target: 'main' | 'status';
  contentType: typeof MERGE_PATCH | typeof JSON_PATCH;
  /** Merge patch object, or JSON patch operations. */
  body: Record<string, unknown> | Array<Record<string, unknown>>;
  /**
   * The kubectl plugin's fallback for controllers without a status
   * subresource: on 404 from `/status`, send this to the main resource
   * instead, and skip the remaining calls (this body covers them).
   */
  fallbackBody?: Record<string, unknown>;
}

export interface PlanContext {
  /** The live rollout (a GET made at decision time). */
  rollout: KubeObject;
  request: ActionRequest;
  now: Date;
  /** Live ReplicaSets controlled by the rollout (undo only). */
  listReplicaSets(): Promise<KubeObject[]>;
}

/** An entry of the action table. */
export interface ActionDefinition {
  name: RolloutActionName;
  title: string;
  permission: ResourcePermission<'catalog-entity'>;
  /** The shared applicability rule (UI and server), evaluated on the live state. */
  isApplicable(rollout: RolloutDetail): {
    applicable: boolean;
    reason?: string;
  };
  /** Audit severity. */
  severity: 'low' | 'medium' | 'high';
  /** Checks the request parameters (InputError → 400). */
  validate?(request: ActionRequest): void;
  /**
   * The calls to send, decided on the live object. Throws ConflictError
   * (409) when the action does not apply to the rollout's current state,
   * InputError (400) when it can never apply to this rollout.
   */
  plan(ctx: PlanContext): Promise<PatchCall[]>;
}

const merge = (
  target: PatchCall['target'],
  body: Record<string, unknown>,
  fallbackBody?: Record<string, unknown>,
): PatchCall => ({
  target,
  contentType: MERGE_PATCH,
  body,
  ...(fallbackBody ? { fallbackBody } : {}),
});

const isCanary = (ro: KubeObject) => Boolean(ro.spec?.strategy?.canary);
const stepCount = (ro: KubeObject): number =>
  ro.spec?.strategy?.canary?.steps?.length ?? 0;
const pauseConditions = (ro: KubeObject): unknown[] =>
  ro.status?.pauseConditions ?? [];
const fullyPromoted = (ro: KubeObject) =>
  Boolean(ro.status?.currentPodHash) &&
  ro.status?.currentPodHash === ro.status?.stableRS;

/** `idx+1` capped at the step count (the kubectl plugin's skip). */
function nextStepIndex(ro: KubeObject): number | undefined {
  const { index } = getCurrentCanaryStep(ro);
  if (index === undefined) return undefined;
  return index < stepCount(ro) ? index + 1 : index;
}

/** `promote` without flags: decisions D1/D2/D3 of `cmd/promote/promote.go`. */
async function planPromote({ rollout: ro }: PlanContext): Promise<PatchCall[]> {
  if (isUnpausing(ro)) {
    throw new ConflictError(
      'the rollout is already resuming (a promote is in progress); it moved on',
    );
  }
  const specPaused = Boolean(ro.spec?.paused);
  const specPatch = specPaused ? { spec: { paused: false } } : undefined;
  const conditions = pauseConditions(ro);
  const idx = getCurrentCanaryStep(ro).index;
  let statusBody: Record<string, unknown> | undefined;
  let unified: Record<string, unknown> | undefined;
  if (
    isCanary(ro) &&
    ro.status?.canary?.currentStepAnalysisRunStatus?.status ===
      'Inconclusive' &&
    conditions.length > 0 &&
    ro.status?.controllerPause === true
  ) {
    // D1: inconclusive step analysis: clear the pause and move to the next step.
    if (idx !== undefined) {
      statusBody = {
        pauseConditions: null,
        controllerPause: false,
        currentStepIndex: nextStepIndex(ro),
      };
      unified = { spec: { paused: false }, status: { pauseConditions: null } };
    }
  } else if (conditions.length > 0) {
    // D2: paused at a step / BlueGreenPause / inconclusive analysis: clear the conditions.
    statusBody = { pauseConditions: null };
    unified = { spec: { paused: false }, status: { pauseConditions: null } };
  } else if (isCanary(ro) && idx !== undefined) {
    // D3: a progressing canary: skip the current step.
    if (idx >= stepCount(ro) && !specPaused) {
      throw new ConflictError('all steps are done: nothing to promote');
    }
    statusBody = { pauseConditions: null, currentStepIndex: nextStepIndex(ro) };
    unified = { spec: { paused: false }, status: statusBody };
  }
  const calls: PatchCall[] = [];
  if (statusBody) calls.push(merge('status', { status: statusBody }, unified));
  if (specPatch) calls.push(merge('main', specPatch));
  if (!calls.length) {
    throw new ConflictError(
      'the rollout is not paused and has no step to promote',
    );
  }
  return calls;
}

async function planPromoteFull({
  rollout: ro,
}: PlanContext): Promise<PatchCall[]> {
  const calls: PatchCall[] = [];
  const specPaused = Boolean(ro.spec?.paused);
  if (!fullyPromoted(ro)) {
    calls.push(
      merge(
        'status',
        { status: { promoteFull: true } },
        { spec: { paused: false }, status: { promoteFull: true } },
      ),
    );
  }
  if (specPaused) calls.push(merge('main', { spec: { paused: false } }));
  if (!calls.length)
    throw new ConflictError('the rollout is already fully promoted');
  return calls;
}

async function planSkipStep({
  rollout: ro,
}: PlanContext): Promise<PatchCall[]> {
  if (!isCanary(ro))
    throw new InputError('cannot skip steps of a blueGreen rollout');
  if (stepCount(ro) === 0)
    throw new InputError('cannot skip steps of a rollout without steps');
  const idx = getCurrentCanaryStep(ro).index ?? 0;
  if (idx >= stepCount(ro))
    throw new ConflictError('all steps are done: no step to skip');
  const body = { status: { currentStepIndex: nextStepIndex(ro) } };
  return [merge('status', body, body)];
}

async function planAbort({ rollout: ro }: PlanContext): Promise<PatchCall[]> {
  if (ro.status?.abort === true)
    throw new ConflictError('the rollout is already aborted');
  if (fullyPromoted(ro))
    throw new ConflictError('no update in progress: nothing to abort');
  const body = { status: { abort: true } };
  return [merge('status', body, body)];
}

async function planRetry({ rollout: ro }: PlanContext): Promise<PatchCall[]> {
  if (ro.status?.abort !== true)
    throw new ConflictError('the rollout is not aborted: nothing to retry');
  const body = { status: { abort: false } };
  return [merge('status', body, body)];
}

async function planPause({ rollout: ro }: PlanContext): Promise<PatchCall[]> {
  if (ro.spec?.paused === true)
    throw new ConflictError('the rollout is already paused');
  return [merge('main', { spec: { paused: true } })];
}

async function planResume({ rollout: ro }: PlanContext): Promise<PatchCall[]> {
  if (ro.spec?.paused !== true)
    throw new ConflictError(
      'the rollout is not manually paused: nothing to resume',
    );
  return [merge('main', { spec: { paused: false } })];
}

async function planRestart({ now }: PlanContext): Promise<PatchCall[]> {
  // RFC3339 without fractional seconds, as Go writes it.
  const restartAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [merge('main', { spec: { restartAt } })];
}

async function planUndo(ctx: PlanContext): Promise<PatchCall[]> {
  const ro = ctx.rollout;
  if (ro.spec?.workloadRef) {
    throw new InputError(
      'undo of a rollout with workloadRef is not supported; undo its Deployment instead',
    );
  }
  const target = chooseUndoTarget(
    await ctx.listReplicaSets(),
    ctx.request.toRevision ?? 0,
  );
  const template = templateForUndo(target.replicaSet);
  if (target.matchesTemplate(ro.spec?.template)) {
    throw new ConflictError(
      `skipped rollback: the current template already matches revision ${target.revision}`,
    );
  }
  return [
    {
      target: 'main',
      contentType: JSON_PATCH,
      body: [{ op: 'replace', path: '/spec/template', value: template }],
    },
  ];
}

function validateSetImage(request: ActionRequest) {
  if (!request.container || !request.image) {
    throw new InputError(
      'set-image needs "container" (a name, or "*") and "image"',
    );
  }
}

async function planSetImage({
  rollout: ro,
  request,
}: PlanContext): Promise<PatchCall[]> {
  if (ro.spec?.workloadRef) {
    throw new InputError(
      'set-image on a rollout with workloadRef is not supported; update its Deployment',
    );
  }
  const ops: Array<Record<string, unknown>> = [];
  let found = false;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers: any[] = ro.spec?.template?.spec?.[list] ?? [];
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i];
      if (request.container !== '*' && c?.name !== request.container) continue;
      found = true;
      if (c.image === request.image) continue;
      const path = `/spec/template/spec/${list}/${i}/image`;
      ops.push(
        { op: 'test', path, value: c.image },
        { op: 'replace', path, value: request.image },
      );
    }
  }
  if (!found)
    throw new InputError(
      `unable to find container named "${request.container}"`,
    );
  if (!ops.length)
    throw new ConflictError(
      `container "${request.container}" already runs ${request.image}`,
    );
  return [{ target: 'main', contentType: JSON_PATCH, body: ops }];
}

type ActionPlanEntry = Pick<ActionDefinition, 'severity' | 'validate' | 'plan'>;

const PLANS: Record<RolloutActionName, ActionPlanEntry> = {
  promote: { severity: 'medium', plan: planPromote },
  'promote-full': { severity: 'high', plan: planPromoteFull },
  'skip-step': { severity: 'medium', plan: planSkipStep },
  abort: { severity: 'high', plan: planAbort },
  retry: { severity: 'medium', plan: planRetry },
  pause: { severity: 'medium', plan: planPause },
  resume: { severity: 'medium', plan: planResume },
  restart: { severity: 'medium', plan: planRestart },
  undo: {
    severity: 'high',
    validate: request => {
      if (
        request.toRevision !== undefined &&
        (!Number.isInteger(request.toRevision) || request.toRevision < 0)
      ) {
        throw new InputError('toRevision must be a non-negative integer');
      }
    },
    plan: planUndo,
  },
  'set-image': {
    severity: 'high',
    validate: validateSetImage,
    plan: planSetImage,
  },
};

/**
 * THE action table: per action, its permission and applicability rule (from
 * -common's ACTION_RULES, shared with the UI) and the kubectl plugin's exact
 * API calls (research: argo-rollouts.md §1). The executor adds the
 * precondition (`expected`, then the decision's resourceVersion on every
 * patch) and audit.
 */
export const ACTION_TABLE: Record<RolloutActionName, ActionDefinition> =
  Object.fromEntries(
    ROLLOUT_ACTIONS.map(name => [
      name,
      {
        name,
        title: ACTION_RULES[name].label,
        permission: ACTION_RULES[name].permission,
        isApplicable: ACTION_RULES[name].isApplicable,
        ...PLANS[name],
      },
    ]),
  ) as Record<RolloutActionName, ActionDefinition>;

export function getActionDefinition(name: string): ActionDefinition {
  const def = (ACTION_TABLE as Record<string, ActionDefinition | undefined>)[
    name
  ];
  if (!def || !Object.prototype.hasOwnProperty.call(ACTION_TABLE, name)) {
    throw new InputError(`unknown action '${name}'`);
  }
  return def;
}
