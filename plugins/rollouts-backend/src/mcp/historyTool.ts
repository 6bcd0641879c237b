import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { RolloutsService } from '../service/RolloutsService';
import { rolloutTargetFields, targetOf } from './rolloutTarget';

/** MCP `rollout-history`: who ran which action on a rollout, with which outcome. */
export function registerHistoryTool(
  actionsRegistry: ActionsRegistryService,
  service: Pick<RolloutsService, 'getHistory'>,
) {
  actionsRegistry.register({
    name: 'rollout-history',
    title: 'Action history of an Argo Rollout',
    description:
      'The persisted action history of a rollout, newest first: who (user or service:<subject>) ran which action, the outcome (succeeded, failed, conflict, denied; pending while under way; landed, not-landed or unknown when the replica running it stopped before recording it, as checked on the cluster afterwards) and the step / revision before and after. Requires the rollouts read permission on the owning entity.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          ...rolloutTargetFields(z),
          limit: z.number().int().min(1).max(500).optional(),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              at: z.string(),
              actor: z.string(),
              action: z.string(),
              outcome: z.string(),
              message: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const items = await service.getHistory(
        targetOf(input),
        credentials,
        input.limit,
      );
      return {
        output: {
          items: items.map(i => ({
            at: i.at,
            actor: i.actor,
            action: i.action,
            outcome: i.outcome,
            ...(i.message ? { message: i.message } : {}),
          })),
        },
      };
    },
  });
}
