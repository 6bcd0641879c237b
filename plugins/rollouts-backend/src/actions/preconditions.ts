import { JSON_PATCH } from '../kube/KubeClient';
import { PatchCall } from './actionTable';

/**
 * Makes a patch conditional on the resourceVersion the decision was made on,
 * so the API server rejects it (409, or 422 for a failed JSON patch test)
 * when anything changed the rollout in between.
 */
export function withResourceVersion(
  call: PatchCall,
  resourceVersion: string,
): unknown {
  if (call.contentType === JSON_PATCH) {
    return [
      { op: 'test', path: '/metadata/resourceVersion', value: resourceVersion },
      ...(call.body as Array<Record<string, unknown>>),
    ];
  }
  const body = call.body as Record<string, any>;
  return { ...body, metadata: { ...(body.metadata ?? {}), resourceVersion } };
}
