import { ActionRequest } from '@gradual/plugin-rollouts-common';
import { Zod, expectedFields, rolloutTargetFields } from './rolloutTarget';

/** Input of the actions without parameters (promote, abort, pause, …): the rollout and the guards. */
export const plainActionInput = (z: Zod) =>
  z.object({ ...rolloutTargetFields(z), ...expectedFields(z) });

export const plainActionRequest = (): ActionRequest => ({});
