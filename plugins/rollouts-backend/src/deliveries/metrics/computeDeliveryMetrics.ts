import {
  DELIVERY_ABORT_REASONS,
  DeliveryAbortReason,
  DeliveryMetrics,
  DeliveryTransition,
} from '@gradual/plugin-rollouts-common';

type Transition = DeliveryTransition & { uid?: string };

/** Nearest-rank percentile of sorted values; null when empty. */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const rolloutKey = (t: Transition) =>
  `${t.cluster}/${t.namespace}/${t.uid ?? t.name}`;
const dayOf = (iso: string) => iso.slice(0, 10);
const ms = (iso: string) => Date.parse(iso);

/**
 * Delivery metrics from observed transitions (oldest first):
 * - a deployment is a `started` revision that is not a rollback;
 * - it failed when it was aborted or the rollout's next start is a rollback
 *   (change-failure rate: failed / deployments);
 * - lead time: its `started` to its `completed` (fully promoted);
 * - manual wait: a `paused` without deadline to the `promoted` of the same
 *   step and revision.
 */
export function computeDeliveryMetrics(
  transitions: Transition[],
): DeliveryMetrics {
  const byRollout = new Map<string, Transition[]>();
  for (const t of transitions) {
    const list = byRollout.get(rolloutKey(t)) ?? [];
    list.push(t);
    byRollout.set(rolloutKey(t), list);
  }
  let deployments = 0;
  let completed = 0;
  let aborts = 0;
  let rollbacks = 0;
  let failed = 0;
  const leadTimes: number[] = [];
  const waits: number[] = [];
  const abortReasons = Object.fromEntries(
    DELIVERY_ABORT_REASONS.map(r => [r, 0]),
  ) as Record<DeliveryAbortReason, number>;
  const daily = new Map<
    string,
    { deployments: number; aborts: number; rollbacks: number; lead: number[] }
  >();
  const day = (iso: string) => {
    const d = dayOf(iso);
    let v = daily.get(d);
    if (!v)
      daily.set(d, (v = { deployments: 0, aborts: 0, rollbacks: 0, lead: [] }));
    return v;
  };

  for (const list of byRollout.values()) {
    const starts = list.filter(t => t.kind === 'started');
    for (const [i, start] of starts.entries()) {
      const revision = list.filter(t => t.revision === start.revision);
      if (start.reason === 'rollback') {
        rollbacks++;
        day(start.at).rollbacks++;
        continue;
      }
      deployments++;
      day(start.at).deployments++;
      const aborted = revision.some(t => t.kind === 'aborted');
      const next = starts[i + 1];
      if (aborted || next?.reason === 'rollback') failed++;
      const done = revision.find(t => t.kind === 'completed');
      if (done && !aborted) {
        completed++;
        const lead = ms(done.at) - ms(start.at);
        if (lead >= 0) {
          leadTimes.push(lead);
          day(done.at).lead.push(lead);
        }
      }
    }
    for (const t of list) {
      if (t.kind === 'aborted') {
        aborts++;
        day(t.at).aborts++;
        const reason = (DELIVERY_ABORT_REASONS as readonly string[]).includes(
          t.reason ?? '',
        )
          ? (t.reason as DeliveryAbortReason)
          : 'manual';
        abortReasons[reason]++;
      }
      if (t.kind === 'paused' && t.reason === 'manual') {
        const resumed = list.find(
          r =>
            r.kind === 'promoted' &&
            r.revision === t.revision &&
            (r.step ?? null) === (t.step ?? null) &&
            ms(r.at) >= ms(t.at),
        );
        if (resumed) waits.push(ms(resumed.at) - ms(t.at));
      }
    }
  }
  leadTimes.sort((a, b) => a - b);
  waits.sort((a, b) => a - b);
  return {
    deployments,
    completed,
    aborts,
    rollbacks,
    changeFailureRate: deployments ? failed / deployments : null,
    leadTimeMs: {
      median: percentile(leadTimes, 50),
      p90: percentile(leadTimes, 90),
      samples: leadTimes.length,
    },
    manualWaitMs: {
      total: waits.reduce((a, b) => a + b, 0),
      median: percentile(waits, 50),
      pauses: waits.length,
    },
    abortReasons,
    daily: [...daily.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([d, v]) => ({
        day: d,
        deployments: v.deployments,
        aborts: v.aborts,
        rollbacks: v.rollbacks,
        leadTimeMedianMs: percentile(
          [...v.lead].sort((a, b) => a - b),
          50,
        ),
      })),
  };
}
