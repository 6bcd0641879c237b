import { InputError } from '@backstage/errors';
import {
  ActionParams,
  ActionRequest,
  RolloutActionName,
  RolloutActionRule,
  getCurrentCanaryStep,
  ACTION_RULES,
  ROLLOUT_ACTIONS,
} from '@gradual/plugin-rollouts-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JSON_PATCH, MERGE_PATCH } from '../kube/KubeClient';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { chooseUndoTarget, templateForUndo } from './undo';
import { WorkloadKind, undoWorkloadKind } from './workload';

/** The workload a rollout's `spec.workloadRef` points at, as read at decision time. */
export interface WorkloadTarget {
  kind: WorkloadKind;
  name: string;
  /** The resourceVersion the decision was made on (the patch carries it). */
  resourceVersion: string;
}

/** One PATCH call of an action, as the kubectl plugin sends it. */
export interface PatchCall {
  /**
   * `main` = the rollout, `status` = its `/status` subresource, `workload` =
   * the object of `spec.workloadRef` (set-image and undo of such a rollout).
   */
  target: 'main' | 'status' | 'workload';
  /** The object patched when `target` is `workload`. */
  workload?: WorkloadTarget;
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
  /** A live GET of a workload of the rollout's namespace (workloadRef). */
  getWorkload(kind: WorkloadKind, name: string): Promise<KubeObject>;
}

/** An entry of the action table. */
export interface ActionDefinition {
  name: RolloutActionName;
  title: string;
  permission: ResourcePermission<'catalog-entity'>;
  /**
   * The shared applicability rule (UI, MCP and server), evaluated on the live
   * state: the only place that decides whether the action applies (409).
   */
  isApplicable: RolloutActionRule['isApplicable'];
  /** Audit severity. */
  severity: 'low' | 'medium' | 'high';
  /** Checks the request parameters (InputError → 400). */
  validate?(request: ActionParams): void;
  /**
   * The calls to send, on a rollout the rule found applicable. Only builds
   * patches: throws InputError (400) for a request that cannot apply to this
   * rollout (unknown container or revision, unsupported workload), never a
   * conflict. No call = nothing to change, as the CLI (e.g. an image already
   * set) answers success.
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

/**
 * `promote` without flags: the three decisions (D1–D3 below) of `kubectl argo rollouts promote`
 * (Argo Rollouts' kubectl plugin, https://github.com/argoproj/argo-rollouts/blob/v1.8.5/pkg/kubectl-argo-rollouts/cmd/promote/promote.go).
 */
async function planPromote({ rollout: ro }: PlanContext): Promise<PatchCall[]> {
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
    statusBody = { pauseConditions: null, currentStepIndex: nextStepIndex(ro) };
    unified = { spec: { paused: false }, status: statusBody };
  }
  const calls: PatchCall[] = [];
  if (statusBody) calls.push(merge('status', { status: statusBody }, unified));
  if (specPatch) calls.push(merge('main', specPatch));
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
  return calls;
}

async function planSkipStep({
  rollout: ro,
}: PlanContext): Promise<PatchCall[]> {
  if (!isCanary(ro))
    throw new InputError('cannot skip steps of a blueGreen rollout');
  if (stepCount(ro) === 0)
    throw new InputError('cannot skip steps of a rollout without steps');
  const body = { status: { currentStepIndex: nextStepIndex(ro) } };
  return [merge('status', body, body)];
}

async function planAbort(): Promise<PatchCall[]> {
  const body = { status: { abort: true } };
  return [merge('status', body, body)];
}

async function planRetry(): Promise<PatchCall[]> {
  const body = { status: { abort: false } };
  return [merge('status', body, body)];
}

async function planPause(): Promise<PatchCall[]> {
  return [merge('main', { spec: { paused: true } })];
}

/** The CLI has no resume: `promote` of a manual pause sends `spec.paused: false`. */
async function planResume(): Promise<PatchCall[]> {
  return [merge('main', { spec: { paused: false } })];
}

async function planRestart({ now }: PlanContext): Promise<PatchCall[]> {
  // RFC3339 without fractional seconds, as Go writes it.
  const restartAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [merge('main', { spec: { restartAt } })];
}

/**
 * `kubectl argo rollouts undo` (https://github.com/argoproj/argo-rollouts/blob/v1.8.5/pkg/kubectl-argo-rollouts/cmd/undo/undo.go): the rollout's ReplicaSet of the target revision, its
 * template (hash label removed) written to `/spec/template` of the rollout,
 * or of the `workloadRef` object (Deployment, ReplicaSet) with the same JSON
 * patch. Like the CLI, a rollout whose own template already matches is
 * skipped (no call); a workloadRef rollout has no template of its own, so
 * the CLI always patches its workload.
 */
async function planUndo(ctx: PlanContext): Promise<PatchCall[]> {
  const ro = ctx.rollout;
  const workloadRef = ro.spec?.workloadRef;
  const kind = workloadRef ? undoWorkloadKind(workloadRef) : undefined;
  const target = chooseUndoTarget(
    await ctx.listReplicaSets(),
    ctx.request.toRevision ?? 0,
  );
  const body = [
    {
      op: 'replace',
      path: '/spec/template',
      value: templateForUndo(target.replicaSet),
    },
  ];
  if (kind) {
    const workload = await ctx.getWorkload(kind, workloadRef.name);
    return [
      {
        target: 'workload',
        workload: workloadTarget(kind, workload),
        contentType: JSON_PATCH,
        body,
      },
    ];
  }
  if (target.matchesTemplate(ro.spec?.template)) return [];
  return [{ target: 'main', contentType: JSON_PATCH, body }];
}

function workloadTarget(kind: WorkloadKind, obj: KubeObject): WorkloadTarget {
  return {
    kind,
    name: obj.metadata.name,
    resourceVersion: obj.metadata.resourceVersion!,
  };
}

function validateSetImage(request: ActionParams) {
  if (!request.container || !request.image) {
    throw new InputError(
      'set-image needs "container" (a name, or "*") and "image"',
    );
  }
}

/**
 * `kubectl argo rollouts set image` (https://github.com/argoproj/argo-rollouts/blob/v1.8.5/pkg/kubectl-argo-rollouts/cmd/set/set_image.go): every container named `container` (or all, `*`)
 * of the init, regular and ephemeral lists gets the image, in the rollout's
 * template, or with `spec.workloadRef` in the Deployment of that name
 * (whatever the ref's kind says, as the CLI does). The CLI sends a PUT; this
 * is a JSON patch testing each old image, carrying the resourceVersion.
 */
async function planSetImage(ctx: PlanContext): Promise<PatchCall[]> {
  const { rollout: ro, request } = ctx;
  const refName = ro.spec?.workloadRef?.name;
  if (ro.spec?.workloadRef && typeof refName !== 'string') {
    throw new InputError('spec.workloadRef.name is not a string');
  }
  const owner = refName ? await ctx.getWorkload('Deployment', refName) : ro;
  const ops = setImageOps(owner, request);
  if (!ops.length) return [];
  return refName
    ? [
        {
          target: 'workload',
          workload: workloadTarget('Deployment', owner),
          contentType: JSON_PATCH,
          body: ops,
        },
      ]
    : [{ target: 'main', contentType: JSON_PATCH, body: ops }];
}

/** The JSON patch ops that set the image in `spec.template` of a rollout or Deployment. */
function setImageOps(
  owner: KubeObject,
  request: ActionParams,
): Array<Record<string, unknown>> {
  const ops: Array<Record<string, unknown>> = [];
  let found = false;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers: any[] = owner.spec?.template?.spec?.[list] ?? [];
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
  return ops;
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
 * THE action table: per action, its permission, label and applicability
 * rule (from -common's ACTION_RULES, shared with the UI and MCP) and the
 * kubectl plugin's exact API calls. The executor adds the precondition
 * (`expected`, then the decision's resourceVersion on every patch) and audit.
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
