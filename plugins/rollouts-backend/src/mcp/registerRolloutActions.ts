import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { RolloutsService } from '../service/RolloutsService';
import { ACTION_RULES } from '@gradual/plugin-rollouts-common';

const rolloutInput = (z: any) =>
  z.object({
    entityRef: z
      .string()
      .describe('Entity that owns the rollout, e.g. component:default/shop'),
    cluster: z.string().describe('Cluster name, as listed by list-rollouts'),
    namespace: z.string().describe('Rollout namespace'),
    name: z.string().describe('Rollout name'),
    expectedStep: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'Refuse (conflict) unless the rollout is still at this step index',
      ),
  });

const actionOutput = (z: any) =>
  z.object({
    phase: z.string(),
    message: z.string(),
    step: z.object({ index: z.number(), count: z.number() }).nullable(),
    revision: z.string(),
  });

/**
 * MCP-visible actions (actions registry): list an entity's rollouts
 * (read-only) and promote / abort / roll back, with the same permission
 * checks, preconditions and audit as the REST API.
 */
export function registerRolloutActions(
  actionsRegistry: ActionsRegistryService,
  service: RolloutsService,
) {
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

  const mutation = (
    name: string,
    description: string,
    action: 'promote' | 'abort' | 'undo',
  ) =>
    actionsRegistry.register({
      name,
      // The label and destructiveness of the shared action table.
      title: `${ACTION_RULES[action].label} an Argo Rollout`,
      description,
      attributes: {
        readOnly: false,
        idempotent: false,
        destructive: ACTION_RULES[action].destructive,
      },
      schema: {
        input: z =>
          action === 'undo'
            ? rolloutInput(z).extend({
                toRevision: z
                  .number()
                  .int()
                  .min(0)
                  .optional()
                  .describe('Revision to go back to; default the previous one'),
              })
            : rolloutInput(z),
        output: actionOutput,
      },
      action: async ({ input, credentials }) => {
        const { rollout } = await service.runAction(
          {
            entityRef: input.entityRef,
            cluster: input.cluster,
            namespace: input.namespace,
            name: input.name,
          },
          action,
          {
            ...(input.expectedStep !== undefined
              ? { expected: { step: input.expectedStep } }
              : {}),
            ...((input as any).toRevision !== undefined
              ? { toRevision: (input as any).toRevision }
              : {}),
          },
          credentials,
        );
        return {
          output: {
            phase: rollout.phase,
            message: rollout.message,
            step: rollout.step,
            revision: rollout.revision,
          },
        };
      },
    });

  mutation(
    'promote-rollout',
    'Promotes a rollout to its next step exactly like `kubectl argo rollouts promote` (clears a pause, or skips the current step). Requires the rollouts promote permission on the owning entity.',
    'promote',
  );
  mutation(
    'abort-rollout',
    'Aborts the update in progress like `kubectl argo rollouts abort`: traffic goes back to the stable version. Requires the rollouts abort permission on the owning entity.',
    'abort',
  );
  mutation(
    'rollback-rollout',
    'Rolls the rollout template back to a previous revision like `kubectl argo rollouts undo`. Requires the rollouts rollback permission on the owning entity.',
    'undo',
  );
}
