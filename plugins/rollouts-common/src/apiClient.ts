import { ResponseError } from '@backstage/errors';
import type { RolloutRef } from './types';

/**
 * The typed HTTP client of the rollouts backend (`DefaultApiClient`, one
 * method per operation, and its request types), generated from the backend's
 * `src/schema/openapi.yaml` by `yarn openapi:generate`. Request paths, query
 * parameters and bodies come from the contract; the frontend's RolloutsClient
 * and the `gradual` CLI both send every request through it.
 */
export * from './schema/openapi/generated/apis';

/**
 * The path parameters of a rollout route
 * (`/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}`).
 *
 * @public
 */
export function rolloutRouteParams(
  entity: { kind: string; namespace: string; name: string },
  rollout: RolloutRef,
) {
  return {
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
    cluster: rollout.cluster,
    rolloutNamespace: rollout.namespace,
    rolloutName: rollout.name,
  };
}

/**
 * The JSON body of a 2xx answer of the generated client, typed with the
 * shared types of this package (a type test keeps them identical to the
 * spec's schemas); a `ResponseError` (status, the body's error message) for
 * any other answer.
 *
 * @public
 */
export async function responseBody<T>(response: Response): Promise<T> {
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as T;
}
