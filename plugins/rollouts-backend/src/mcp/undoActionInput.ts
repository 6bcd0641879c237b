import { ActionRequest } from '@gradual/plugin-rollouts-common';
import { Zod, expectedFields, rolloutTargetFields } from './rolloutTarget';

/** Input of undo: the rollout, the guards and the revision to go back to. */
export const undoActionInput = (z: Zod) =>
  z.object({
    ...rolloutTargetFields(z),
    ...expectedFields(z),
    toRevision: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Revision to go back to; default the previous one'),
  });

export const undoActionRequest = (input: {
  toRevision?: number;
}): ActionRequest =>
  input.toRevision !== undefined ? { toRevision: input.toRevision } : {};
