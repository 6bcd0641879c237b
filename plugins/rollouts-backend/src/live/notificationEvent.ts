import { KubeObject } from '@gradual/plugin-rollouts-common';

/**
 * The key of one rollout event worth a notification, the same in every
 * backend replica that observes it (they read the same object): the rollout
 * (by uid, so a re-created one is another), its revision, the kind, and the
 * instance: `status.abortedAt` of an abort, else the newest
 * `lastTransitionTime` of its conditions (a new Degraded after a recovery
 * flips a condition again, so it is another event).
 */
export function notificationEvent(
  cluster: string,
  rollout: KubeObject,
  revision: string,
  kind: 'aborted' | 'degraded',
): string {
  const status = (rollout.status ?? {}) as {
    abortedAt?: string;
    conditions?: Array<{ lastTransitionTime?: string }>;
  };
  const newestTransition = (status.conditions ?? [])
    .map(c => c.lastTransitionTime ?? '')
    .reduce((a, b) => (b > a ? b : a), '');
  const instance =
    kind === 'aborted' && status.abortedAt
      ? status.abortedAt
      : newestTransition;
  const { namespace, name, uid } = rollout.metadata;
  return `${cluster}/${namespace}/${name}/${uid}:${revision}:${kind}:${instance}`;
}
