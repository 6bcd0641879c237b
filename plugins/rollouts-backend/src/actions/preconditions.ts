import { ConflictError } from '@backstage/errors';
import {
  ActionRequest,
  getCurrentCanaryStep,
  REVISION_ANNOTATION,
} from '@gradual/plugin-rollouts-common';
import { JSON_PATCH, KubeApiError } from '../kube/KubeClient';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { RolloutState } from '../history/auditedMutation';
import { PatchCall } from './actionTable';

/** The step and revision of a rollout, as `expected`, audit and history name them. */
export function rolloutState(ro: KubeObject): RolloutState {
  return {
    step: getCurrentCanaryStep(ro as any).index ?? null,
    revision: ro.metadata.annotations?.[REVISION_ANNOTATION] ?? '',
  };
}

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

/**
 * Whether a conditional write was rejected because its object changed after
 * the decision: a 409 from a merge patch, or a 422 from a JSON patch whose
 * `test` op failed (the API server does not say which op failed, so the
 * object is read again and its resourceVersion compared).
 */
export async function isStaleWrite(
  error: unknown,
  decidedOnResourceVersion: string | undefined,
  readAgain: () => Promise<KubeObject>,
): Promise<boolean> {
  const status = (error as KubeApiError).statusCode;
  if (status === 409) return true;
  if (status !== 422) return false;
  const now = await readAgain();
  return now.metadata.resourceVersion !== decidedOnResourceVersion;
}

/** Only the known, validated parameters are kept for audit and history. */
export function auditedParams(
  request: ActionRequest,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (request.expected) out.expected = { ...request.expected };
  if (request.toRevision !== undefined) out.toRevision = request.toRevision;
  if (request.container !== undefined) out.container = request.container;
  if (request.image !== undefined) out.image = request.image;
  if (request.force === true) out.force = true;
  return Object.keys(out).length ? out : undefined;
}

/** `expected` against the live object: 409 when the rollout moved on. */
export function checkExpected(live: KubeObject, request: ActionRequest): void {
  const expected = request.expected;
  if (!expected) return;
  const problems: string[] = [];
  if (
    expected.resourceVersion !== undefined &&
    expected.resourceVersion !== live.metadata.resourceVersion
  ) {
    problems.push(
      `resourceVersion is ${live.metadata.resourceVersion}, expected ${expected.resourceVersion}`,
    );
  }
  if (expected.step !== undefined) {
    const { step } = rolloutState(live);
    if (step !== expected.step)
      problems.push(`step is ${step ?? 'none'}, expected ${expected.step}`);
  }
  if (
    expected.revision !== undefined &&
    expected.revision !== rolloutState(live).revision
  ) {
    problems.push(
      `revision is ${rolloutState(live).revision || 'none'}, expected ${
        expected.revision
      }`,
    );
  }
  if (problems.length) {
    throw new ConflictError(`the rollout moved on: ${problems.join('; ')}`);
  }
}
