import {
  DeliveryAttentionReason,
  DeliveryItem,
  RolloutSummary,
  deliveryStatusOf,
} from '@gradual/plugin-rollouts-common';
import { KubeObject } from '@gradual/plugin-rollouts-common';

/** A delivery before entity matching: what the watch cache alone tells. */
export type DeliveryBase = Omit<DeliveryItem, 'entities'> & {
  /** The Rollout's labels, for entity selectors. */
  labels: Record<string, string>;
  uid: string;
};

/**
 * Why a person should look at the rollout: Degraded, aborted, or paused
 * with no deadline (an indefinite canary pause, a blue-green pause without
 * auto-promotion, or `spec.paused`).
 */
export function attentionOf(
  summary: Pick<
    RolloutSummary,
    'phase' | 'aborted' | 'paused' | 'pauseConditions'
  >,
): DeliveryAttentionReason | undefined {
  if (summary.aborted) return 'aborted';
  if (summary.phase === 'Degraded') return 'degraded';
  if (
    summary.phase === 'Paused' &&
    (summary.paused || summary.pauseConditions.some(p => !p.deadline))
  ) {
    return 'waiting-for-promotion';
  }
  return undefined;
}

/** The newest condition update of the Rollout (ISO), or its creation time. */
export function lastUpdateOf(rollout: KubeObject): string | undefined {
  let latest: number | undefined;
  for (const c of (rollout.status?.conditions ?? []) as any[]) {
    for (const t of [c?.lastUpdateTime, c?.lastTransitionTime]) {
      const ms = typeof t === 'string' ? Date.parse(t) : NaN;
      if (!Number.isNaN(ms) && (latest === undefined || ms > latest))
        latest = ms;
    }
  }
  if (latest !== undefined) return new Date(latest).toISOString();
  return rollout.metadata.creationTimestamp;
}

export function deliveryBaseOf(
  summary: RolloutSummary,
  rollout: KubeObject,
): DeliveryBase {
  const attention = attentionOf(summary);
  const updatedAt = lastUpdateOf(rollout);
  return {
    cluster: summary.cluster,
    ...(summary.clusterTitle ? { clusterTitle: summary.clusterTitle } : {}),
    namespace: summary.namespace,
    name: summary.name,
    uid: summary.uid,
    strategy: summary.strategy,
    phase: summary.phase,
    status: deliveryStatusOf(summary.phase),
    message: summary.message,
    step: summary.step,
    setWeight: summary.setWeight,
    revision: summary.revision,
    images: summary.images.map(i => i.image),
    aborted: summary.aborted,
    ...(attention ? { attention } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    labels: { ...(rollout.metadata.labels ?? {}) },
  };
}
