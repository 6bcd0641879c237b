import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { RolloutsService } from '../service/RolloutsService';
import { registerHistoryTool } from './historyTool';
import { registerRolloutActionTools } from './rolloutActionTools';
import { registerWaitTool } from './waitTool';

/**
 * MCP-visible actions (actions registry): list an entity's rollouts, wait
 * for one, its history (read-only), and one tool per rollout action, with
 * the same permission checks, preconditions and audit as the REST API.
 */
export function registerRolloutActions(
  actionsRegistry: ActionsRegistryService,
  service: RolloutsService,
) {
  registerRolloutActionTools(actionsRegistry, service);
  registerWaitTool(actionsRegistry, service);
  registerHistoryTool(actionsRegistry, service);

  actionsRegistry.register({
    name: 'list-rollouts',
    title: 'List Argo Rollouts of an entity',
    description:
      'Lists the Argo Rollouts of a catalog entity in every configured cluster: phase, step, weights, revision and images, plus per-cluster availability.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe('e.g. component:default/shop'),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              cluster: z.string(),
              namespace: z.string(),
              name: z.string(),
              strategy: z.string(),
              phase: z.string(),
              message: z.string(),
              step: z
                .object({ index: z.number(), count: z.number() })
                .nullable(),
              setWeight: z.number().nullable(),
              actualWeight: z.number().nullable(),
              revision: z.string(),
              images: z.array(z.string()),
            }),
          ),
          clusters: z.array(
            z.object({
              name: z.string(),
              status: z.enum(['ok', 'error']),
              message: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const result = await service.listForEntity(input.entityRef, credentials);
      return {
        output: {
          items: result.items.map(r => ({
            cluster: r.cluster,
            namespace: r.namespace,
            name: r.name,
            strategy: r.strategy,
            phase: r.phase,
            message: r.message,
            step: r.step,
            setWeight: r.setWeight,
            actualWeight: r.actualWeight,
            revision: r.revision,
            images: r.images.map(i => `${i.image} (${i.tags.join(',')})`),
          })),
          clusters: result.clusters.map(c => ({
            name: c.name,
            status: c.status,
            message: c.message,
          })),
        },
      };
    },
  });
}
