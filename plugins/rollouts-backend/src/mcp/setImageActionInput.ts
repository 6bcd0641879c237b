import { ActionRequest } from '@gradual/plugin-rollouts-common';
import { Zod, expectedFields, rolloutTargetFields } from './rolloutTarget';

/** Input of set-image: the rollout, the guards, the container and the new image. */
export const setImageActionInput = (z: Zod) =>
  z.object({
    ...rolloutTargetFields(z),
    ...expectedFields(z),
    container: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$|^\*$/)
      .describe('Container name (or * for every container)'),
    image: z
      .string()
      .regex(/^\S+$/)
      .max(512)
      .describe('New image, e.g. registry.example/shop:1.2.3'),
  });

export const setImageActionRequest = (input: {
  container: string;
  image: string;
}): ActionRequest => ({ container: input.container, image: input.image });
