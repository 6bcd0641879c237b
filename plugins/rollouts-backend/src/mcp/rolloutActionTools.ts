import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  ACTION_RULES,
  ROLLOUT_ACTIONS,
  RolloutActionName,
} from '@gradual/plugin-rollouts-common';
import { RolloutsService } from '../service/RolloutsService';
import { plainActionInput, plainActionRequest } from './plainActionInput';
import {
  actionOutput,
  actionOutputOf,
  expectedOf,
  targetOf,
} from './rolloutTarget';
import {
  setImageActionInput,
  setImageActionRequest,
} from './setImageActionInput';
import { undoActionInput, undoActionRequest } from './undoActionInput';

/** The tool name of an action (undo keeps its first name, rollback-rollout). */
export function toolNameOf(action: RolloutActionName): string {
  return action === 'undo' ? 'rollback-rollout' : `${action}-rollout`;
}

/** The `kubectl argo rollouts` command each action equals. */
const KUBECTL: Record<RolloutActionName, string> = {
  promote: 'promote',
  'promote-full': 'promote --full',
  'skip-step': 'promote (skip the current step)',
  abort: 'abort',
  retry: 'retry rollout',
  pause: 'pause',
  resume: 'promote (resume a pause)',
  restart: 'restart',
  undo: 'undo [--to-revision]',
  'set-image': 'set image',
};

/** The input schema and request of each action kind. */
const KINDS = {
  plain: { input: plainActionInput, request: plainActionRequest },
  undo: { input: undoActionInput, request: undoActionRequest },
  'set-image': { input: setImageActionInput, request: setImageActionRequest },
};

const kindOf = (action: RolloutActionName) =>
  action === 'undo' || action === 'set-image' ? KINDS[action] : KINDS.plain;

/**
 * One MCP tool per rollout action, from the shared action table (name,
 * label, destructive flag, permission): the same permission check,
 * applicability rules, preconditions, audit and history as the REST API.
 */
export function registerRolloutActionTools(
  actionsRegistry: ActionsRegistryService,
  service: Pick<RolloutsService, 'runAction'>,
) {
  for (const action of ROLLOUT_ACTIONS) {
    const rule = ACTION_RULES[action];
    const kind = kindOf(action);
    actionsRegistry.register({
      name: toolNameOf(action),
      title: `${rule.label} an Argo Rollout`,
      description: `${rule.label}: like \`kubectl argo rollouts ${
        KUBECTL[action]
      }\`, refused (conflict) when it does not apply now or the rollout moved on from expectedStep / expectedRevision.${
        rule.destructive
          ? ' Destructive: moves traffic back or skips safety checks.'
          : ''
      } Requires the ${rule.permission.name} permission on the owning entity.`,
      attributes: {
        readOnly: false,
        idempotent: false,
        destructive: rule.destructive,
      },
      schema: { input: kind.input, output: actionOutput },
      action: async ({ input, credentials }) => {
        const { rollout } = await service.runAction(
          targetOf(input),
          action,
          { ...kind.request(input as any), ...expectedOf(input) },
          credentials,
        );
        return { output: actionOutputOf(rollout) };
      },
    });
  }
}
