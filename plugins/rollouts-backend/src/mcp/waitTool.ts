import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  WAIT_TARGETS,
  WAIT_TIMEOUT_SECONDS,
  parseWaitTimeout,
} from '@gradual/plugin-rollouts-common';
import { RolloutsService } from '../service/RolloutsService';
import { rolloutTargetFields, targetOf } from './rolloutTarget';

/** MCP `wait-rollout`: the wait API (`…/status`) as a tool. */
export function registerWaitTool(
  actionsRegistry: ActionsRegistryService,
  waiter: Pick<RolloutsService, 'wait'>,
) {
  actionsRegistry.register({
    name: 'wait-rollout',
    title: 'Wait for an Argo Rollout',
    description: `Waits like \`kubectl argo rollouts status --watch --timeout\` until the rollout reaches \`until\` (healthy: phase Healthy; paused: phase Paused; completed: Healthy with old pods gone), or is Degraded / aborted (with the abort reason and analysis), or the timeout (${WAIT_TIMEOUT_SECONDS.min}..${WAIT_TIMEOUT_SECONDS.max} seconds). Requires the rollouts read permission on the owning entity.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          ...rolloutTargetFields(z),
          until: z.enum(WAIT_TARGETS).default('healthy'),
          timeoutSeconds: z
            .number()
            .int()
            .default(WAIT_TIMEOUT_SECONDS.default)
            .describe(
              `Seconds to wait, ${WAIT_TIMEOUT_SECONDS.min}..${WAIT_TIMEOUT_SECONDS.max}`,
            ),
        }),
      output: z =>
        z.object({
          outcome: z.enum([
            'reached',
            'degraded',
            'aborted',
            'healthy',
            'timeout',
          ]),
          phase: z.string(),
          message: z.string(),
          step: z.object({ index: z.number(), count: z.number() }).nullable(),
          setWeight: z.number().nullable(),
          revision: z.string(),
          abortReason: z.string().optional(),
          analysis: z.array(
            z.object({ name: z.string(), kind: z.string(), phase: z.string() }),
          ),
          waitedSeconds: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      let timeoutSeconds: number;
      try {
        timeoutSeconds = parseWaitTimeout(String(input.timeoutSeconds));
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      const result = await waiter.wait(targetOf(input), credentials, {
        until: input.until,
        timeoutSeconds,
      });
      return {
        output: {
          outcome: result.outcome,
          phase: result.state.phase,
          message: result.state.message,
          step: result.state.step,
          setWeight: result.state.setWeight,
          revision: result.state.revision,
          ...(result.abort
            ? {
                abortReason:
                  result.abort.analysis?.sentence ?? result.abort.reason,
              }
            : {}),
          analysis: result.state.analysis.map(a => ({
            name: a.name,
            kind: a.kind,
            phase: a.phase,
          })),
          waitedSeconds: result.waitedSeconds,
        },
      };
    },
  });
}
