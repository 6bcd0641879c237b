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

/** The core/v1 Events about the rollout (by involvedObject UID, or kind + name), newest first. */
export function getRolloutEvents(
  rollout: KubeObject,
  events: KubeObject[] = [],
): EventInfo[] {
  const uid = rollout.metadata.uid;
  return events
    .filter(event => {
      const involved = event.involvedObject ?? event.regarding ?? {};
      if (uid && involved.uid) {
        return involved.uid === uid;
      }
      return (
        involved.kind === 'Rollout' &&
        involved.name === rollout.metadata.name &&
        (involved.namespace ?? event.metadata.namespace) ===
          rollout.metadata.namespace
      );
    })
    .map(event => {
      const lastTimestamp = eventTime(event);
      const info: EventInfo = {
        type: event.type ?? 'Normal',
        reason: event.reason ?? '',
        message: event.message ?? event.note ?? '',
        count: event.count ?? event.series?.count ?? 1,
      };
      if (lastTimestamp) info.lastTimestamp = lastTimestamp;
      return info;
    })
    .sort(
      (a, b) =>
        (parseTime(b.lastTimestamp) ?? 0) - (parseTime(a.lastTimestamp) ?? 0),
    );
}
