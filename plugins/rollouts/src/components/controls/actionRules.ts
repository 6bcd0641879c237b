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

function fromModel(rule: RolloutActionRule): ControlRule {
  return {
    label: rule.label,
    permission: rule.permission,
    destructive: rule.destructive,
    describe: (detail, request) => rule.confirmation(detail, request),
    isApplicable: (detail, request) => rule.isApplicable(detail, request),
  };
}

/** The control of an action: the shared rule, label and confirmation text. */
export function getActionRule(action: RolloutActionName): ControlRule {
  return fromModel(ACTION_RULES[action]);
}
