import { InputError } from '@backstage/errors';
import { REVISION_ANNOTATION } from '@gradual/plugin-rollouts-common';
import { KubeObject } from '@gradual/plugin-rollouts-common';

const HASH_LABEL = 'rollouts-pod-template-hash';

export const revisionOf = (obj: KubeObject): number => {
  const n = parseInt(obj.metadata.annotations?.[REVISION_ANNOTATION] ?? '', 10);
  return Number.isFinite(n) ? n : 0;
};

/** The RS template with the pod-template-hash label removed (what undo writes back). */
export function templateForUndo(rs: KubeObject): any {
  const template = structuredClone(rs.spec?.template ?? {});
  if (template.metadata?.labels) {
    delete template.metadata.labels[HASH_LABEL];
  }
  return template;
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  v === false ||
  v === 0 ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.keys(v as object).length === 0);

/**
 * `apiequality.Semantic.DeepDerivative(a, b)`: every field set in `a` equals
 * `b`; unset (empty) fields of `a` are ignored, so API-server defaults in `b`
 * do not count as differences.
 */
export function deepDerivative(a: unknown, b: unknown): boolean {
  if (isEmpty(a)) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => deepDerivative(v, b[i]))
    );
  }
  if (typeof a === 'object') {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    return Object.entries(a as Record<string, unknown>).every(([k, v]) =>
      deepDerivative(v, (b as Record<string, unknown>)[k]),
    );
  }
  return a === b;
}

/**
 * Picks the target ReplicaSet like `kubectl argo rollouts undo` (Argo Rollouts'
 * kubectl plugin, https://github.com/argoproj/argo-rollouts/blob/v1.8.5/pkg/kubectl-argo-rollouts/cmd/undo/undo.go): toRevision 0 = the
 * second-highest revision, else the RS with that revision.
 */
export function chooseUndoTarget(
  replicaSets: KubeObject[],
  toRevision: number,
) {
  const sorted = [...replicaSets].sort((x, y) => revisionOf(y) - revisionOf(x));
  let target: KubeObject | undefined;
  if (toRevision === 0) {
    target = sorted[1];
    if (!target)
      throw new InputError('no previous revision found for the rollout');
  } else {
    target = sorted.find(rs => revisionOf(rs) === toRevision);
    if (!target)
      throw new InputError(`unable to find revision ${toRevision} in history`);
  }
  const revision = revisionOf(target);
  const template = templateForUndo(target);
  return {
    replicaSet: target,
    revision,
    /** Whether the rollout template already equals this revision's (undo would be a no-op). */
    matchesTemplate(rolloutTemplate: any): boolean {
      const current = structuredClone(rolloutTemplate ?? {});
      if (current.metadata?.labels) delete current.metadata.labels[HASH_LABEL];
      return deepDerivative(current, template);
    },
  };
}
