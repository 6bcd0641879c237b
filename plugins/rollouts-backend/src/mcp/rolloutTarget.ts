import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import type {
  ActionRequest,
  RolloutSummary,
} from '@gradual/plugin-rollouts-common';
import { RolloutRequestTarget } from '../service/RolloutsService';

/** The zod the actions registry hands to schema builders. */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** Input fields naming one rollout of an entity; every rollout tool has them. */
export const rolloutTargetFields = (z: Zod) => ({
  entityRef: z
    .string()
    .describe('Entity that owns the rollout, e.g. component:default/shop'),
  cluster: z.string().describe('Cluster name, as listed by list-rollouts'),
  namespace: z.string().describe('Rollout namespace'),
  name: z.string().describe('Rollout name'),
});

/** Guards of a mutation: refused (conflict) when the rollout moved on. */
export const expectedFields = (z: Zod) => ({
  expectedStep: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      'Refuse (conflict) unless the rollout is still at this step index',
    ),
  expectedRevision: z
    .string()
    .regex(/^[0-9]+$/)
    .optional()
    .describe('Refuse (conflict) unless the rollout is still at this revision'),
});

export const actionOutput = (z: Zod) =>
  z.object({
    phase: z.string(),
    message: z.string(),
    step: z.object({ index: z.number(), count: z.number() }).nullable(),
    revision: z.string(),
  });

export function targetOf(input: {
  entityRef: string;
  cluster: string;
  namespace: string;
  name: string;
}): RolloutRequestTarget {
  return {
    entityRef: input.entityRef,
    cluster: input.cluster,
    namespace: input.namespace,
    name: input.name,
  };
}

export function expectedOf(input: {
  expectedStep?: number;
  expectedRevision?: string;
}): Pick<ActionRequest, 'expected'> {
  const expected = {
    ...(input.expectedStep !== undefined ? { step: input.expectedStep } : {}),
    ...(input.expectedRevision !== undefined
      ? { revision: input.expectedRevision }
      : {}),
  };
  return Object.keys(expected).length ? { expected } : {};
}

export function actionOutputOf(rollout: RolloutSummary) {
  return {
    phase: rollout.phase,
    message: rollout.message,
    step: rollout.step,
    revision: rollout.revision,
  };
}
