import {
  ACTION_RULES,
  type ActionApplicability,
  type ActionRequest,
  type RolloutActionName,
  type RolloutActionRule,
  type RolloutDetail,
} from '@gradual/plugin-rollouts-common';

type ExtraRequest = Omit<ActionRequest, 'expected'>;

/**
 * What a control needs of an action: the model's rule (`ACTION_RULES` in
 * `@gradual/plugin-rollouts-common`), made specific to the request where the
 * button targets one revision (rollback).
 */
export interface ControlRule {
  label: string;
  permission: RolloutActionRule['permission'];
  destructive: boolean;
  /** What will happen, in plain words. */
  describe(detail: RolloutDetail, request?: ExtraRequest): string;
  isApplicable(
    detail: RolloutDetail,
    request?: ExtraRequest,
  ): ActionApplicability;
}

const argoCdWarning = (detail: RolloutDetail) =>
  detail.managedByArgoCD
    ? ' Argo CD manages this rollout: unless the change is also made in Git, self-heal will revert it.'
    : '';

function fromModel(rule: RolloutActionRule): ControlRule {
  return {
    label: rule.label,
    permission: rule.permission,
    destructive: rule.destructive,
    describe: detail => rule.confirmation(detail),
    isApplicable: detail => rule.isApplicable(detail),
  };
}

const undoRule = ACTION_RULES.undo;

/** Rollback to one chosen revision: the model's rule plus "not the current one". */
const rollbackToRevision: ControlRule = {
  ...fromModel(undoRule),
  describe: (detail, request) =>
    request?.toRevision === undefined
      ? undoRule.confirmation(detail)
      : `Roll ${detail.name} back to revision ${
          request.toRevision
        }. This starts a new update with that revision's pod template, through the rollout's strategy.${argoCdWarning(
          detail,
        )}`,
  isApplicable: (detail, request) => {
    const target = detail.revisions.find(
      r => r.revision === request?.toRevision,
    );
    if (target?.current) {
      return { applicable: false, reason: 'This is the current revision.' };
    }
    return undoRule.isApplicable(detail);
  },
};

const CONTROL_LABELS: Partial<Record<RolloutActionName, string>> = {
  'set-image': 'Deploy new image',
};

export function getActionRule(action: RolloutActionName): ControlRule {
  const rule =
    action === 'undo' ? rollbackToRevision : fromModel(ACTION_RULES[action]);
  const label = CONTROL_LABELS[action];
  return label ? { ...rule, label } : rule;
}
