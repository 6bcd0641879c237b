import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  DELIVERY_ABORT_REASONS,
  MAX_DELIVERY_METRICS_DAYS,
} from '@gradual/plugin-rollouts-common';
import { DeliveryMetricsService } from './metrics/DeliveryMetricsService';

/**
 * The delivery metrics as an action of the actions registry (MCP): the
 * same computation and permission filtering as `GET /deliveries/metrics`.
 */
export function registerDeliveryActions(
  actionsRegistry: ActionsRegistryService,
  metrics: DeliveryMetricsService,
) {
  actionsRegistry.register({
    name: 'get-delivery-metrics',
    title: 'Delivery metrics of an entity or team',
    description:
      'Deployments, aborts, rollbacks, change-failure rate, median and p90 time from new revision to fully promoted, time waiting for a person at manual pauses, and abort reasons (analysis / manual / progress deadline), observed on Argo Rollouts over a period. Give an entity ref, a group ref (the entities it owns), or neither (everything the caller may see).',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .max(300)
            .optional()
            .describe('e.g. component:default/shop'),
          groupRef: z
            .string()
            .max(300)
            .optional()
            .describe('Owner group, e.g. group:default/team-a'),
          days: z
            .number()
            .int()
            .min(1)
            .max(MAX_DELIVERY_METRICS_DAYS)
            .optional()
            .describe('Period length in days, ending now (default 30)'),
        }),
      output: z =>
        z.object({
          from: z.string(),
          to: z.string(),
          entities: z.array(z.string()),
          deployments: z.number(),
          completed: z.number(),
          aborts: z.number(),
          rollbacks: z.number(),
          changeFailureRate: z.number().nullable(),
          leadTimeMedianSeconds: z.number().nullable(),
          leadTimeP90Seconds: z.number().nullable(),
          manualWaitSeconds: z.number(),
          abortReasons: z.object(
            Object.fromEntries(
              DELIVERY_ABORT_REASONS.map(r => [r, z.number()]),
            ) as Record<(typeof DELIVERY_ABORT_REASONS)[number], any>,
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const result = await metrics.metrics(
        {
          ...(input.entityRef ? { entityRef: input.entityRef } : {}),
          ...(input.groupRef ? { groupRef: input.groupRef } : {}),
          ...(input.days ? { days: input.days } : {}),
        },
        credentials,
      );
      const m = result.metrics;
      const seconds = (v: number | null) => (v === null ? null : v / 1000);
      return {
        output: {
          from: result.from,
          to: result.to,
          entities: result.entities,
          deployments: m.deployments,
          completed: m.completed,
          aborts: m.aborts,
          rollbacks: m.rollbacks,
          changeFailureRate: m.changeFailureRate,
          leadTimeMedianSeconds: seconds(m.leadTimeMs.median),
          leadTimeP90Seconds: seconds(m.leadTimeMs.p90),
          manualWaitSeconds: m.manualWaitMs.total / 1000,
          abortReasons: m.abortReasons,
        },
      };
    },
  });
}
