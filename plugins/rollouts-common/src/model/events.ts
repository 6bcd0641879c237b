import type { EventInfo } from '../types';
import type { KubeObject } from './kubeObjects';
import { parseTime } from './kubeObjects';

function eventTime(event: KubeObject): string | undefined {
  return (
    event.lastTimestamp ??
    event.series?.lastObservedTime ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata.creationTimestamp ??
    undefined
  );
}

const involvedOf = (event: KubeObject) =>
  event.involvedObject ?? event.regarding ?? {};

/**
 * The core/v1 Events about the rollout and the ReplicaSets it owns (by
 * involvedObject UID, or kind + name), newest first, each naming its object.
 */
export function getRolloutEvents(
  rollout: KubeObject,
  events: KubeObject[] = [],
  replicaSets: KubeObject[] = [],
): EventInfo[] {
  const uid = rollout.metadata.uid;
  const ownedRs = replicaSets.filter(rs =>
    (rs.metadata.ownerReferences ?? []).some((o: any) => o.uid === uid),
  );
  const uids = new Set([uid, ...ownedRs.map(rs => rs.metadata.uid)]);
  const rsNames = new Set(ownedRs.map(rs => rs.metadata.name));
  return events
    .filter(event => {
      const involved = involvedOf(event);
      if (uid && involved.uid) {
        return uids.has(involved.uid);
      }
      const sameNamespace =
        (involved.namespace ?? event.metadata.namespace) ===
        rollout.metadata.namespace;
      return (
        sameNamespace &&
        ((involved.kind === 'Rollout' &&
          involved.name === rollout.metadata.name) ||
          (involved.kind === 'ReplicaSet' && rsNames.has(involved.name)))
      );
    })
    .map(event => {
      const lastTimestamp = eventTime(event);
      const involved = involvedOf(event);
      const info: EventInfo = {
        type: event.type ?? 'Normal',
        reason: event.reason ?? '',
        message: event.message ?? event.note ?? '',
        count: event.count ?? event.series?.count ?? 1,
        object: {
          kind: String(involved.kind ?? 'Rollout'),
          name: String(involved.name ?? rollout.metadata.name),
        },
      };
      if (lastTimestamp) info.lastTimestamp = lastTimestamp;
      return info;
    })
    .sort(
      (a, b) =>
        (parseTime(b.lastTimestamp) ?? 0) - (parseTime(a.lastTimestamp) ?? 0),
    );
}
