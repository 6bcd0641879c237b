import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import { KubeApiError } from './KubeClient';

/**
 * A Kubernetes API error as the HTTP error this API answers with: a stale
 * write (409, failed JSON patch `test`) is a conflict, 404 not found, 403 the
 * service account's RBAC, 400/422 bad input, anything else the cluster being
 * unavailable (503). Other errors pass through.
 */
export function toHttpError(e: unknown): Error {
  if (e instanceof KubeApiError) {
    if (e.statusCode === 409) {
      return new ConflictError(
        `the rollout moved on since the decision (resourceVersion changed): ${e.message}`,
      );
    }
    // A failed JSON patch `test` op (stale resourceVersion or image).
    if (/test operation|testing value/i.test(e.message)) {
      return new ConflictError(
        `the rollout moved on since the decision: ${e.message}`,
      );
    }
    if (e.statusCode === 404) return new NotFoundError(e.message);
    if (e.statusCode === 403) {
      return new NotAllowedError(
        `the cluster refused the request (check the service account's RBAC): ${e.message}`,
      );
    }
    if (e.statusCode === 400 || e.statusCode === 422)
      return new InputError(e.message);
    return new ServiceUnavailableError(`cluster ${e.cluster}: ${e.message}`);
  }
  return isError(e) ? e : new Error(String(e));
}
