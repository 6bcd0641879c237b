import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ActionHistoryEntry,
  DeliveryAbortReason,
  RolloutSummary,
  summarizeRollout,
} from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../../cache/RolloutsCache';
import { ActionHistoryStore } from '../../history/ActionHistoryStore';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { StoredTransition, TransitionStore } from './TransitionStore';

const REVISION_HISTORY_ANNOTATION = 'rollout.argoproj.io/revision-history';
const POD_TEMPLATE_HASH = 'rollouts-pod-template-hash';
/** How far back an action-history row explains a transition. */
const HISTORY_WINDOW_MS = 5 * 60_000;

/** What the recorder remembers of a rollout between changes. */
export interface ObservedState {
  revision: string;
  aborted: boolean;
  completed: boolean;
  /** `reason@step` of each pause, with whether it waits for a person. */
  pauses: ReadonlyMap<
    string,
    { step: number | null; manual: boolean; since: string }
  >;
}

/** The pauses of the many rollouts that wait for none (one instance, never changed). */
const NO_PAUSES: ObservedState['pauses'] = new Map();

export function observe(summary: RolloutSummary): ObservedState {
  const step = summary.step?.index ?? null;
  const pauses = new Map<
    string,
    { step: number | null; manual: boolean; since: string }
  >();
  for (const p of summary.pauseConditions) {
    pauses.set(`${p.reason}@${step}`, {
      step,
      manual: !p.deadline,
      since: p.startTime,
    });
  }
  if (summary.paused && !summary.pauseConditions.length) {
    pauses.set(`spec.paused@${step}`, { step, manual: true, since: '' });
  }
  return {
    revision: summary.revision,
    aborted: summary.aborted,
    completed:
      summary.phase === 'Healthy' &&
      !summary.aborted &&
      Boolean(summary.currentPodHash) &&
      summary.currentPodHash === summary.stablePodHash,
    pauses: pauses.size ? pauses : NO_PAUSES,
  };
}

type Draft = Omit<
  StoredTransition,
  'cluster' | 'namespace' | 'name' | 'uid' | 'labels' | 'at'
> & {
  at?: string;
};

/**
 * The transitions between two observed states of a rollout: a new revision
 * (`started`, `rollback` when Argo reused an older ReplicaSet or an undo
 * asked for it), new pauses, pauses released (`promoted`), an abort with
 * its reason, and the revision fully promoted (`completed`). The first
 * sighting records a start only for a delivery in progress.
 */
export function diffStates(
  previous: ObservedState | undefined,
  current: ObservedState,
  facts: {
    reusedReplicaSet: boolean;
    abortReason: DeliveryAbortReason;
    abortDetail?: string;
    abortedAt?: string;
    /** A person promoted it just now (action history): a pause released even if the next step aborted. */
    promotedByAction?: boolean;
  },
): Draft[] {
  const out: Draft[] = [];
  const newRevision = !previous || previous.revision !== current.revision;
  if (previous ? newRevision : !current.completed && !current.aborted) {
    out.push({
      kind: 'started',
      revision: current.revision,
      ...(facts.reusedReplicaSet && previous ? { reason: 'rollback' } : {}),
    });
  }
  const before = newRevision ? new Map() : previous!.pauses;
  for (const [key, p] of current.pauses) {
    if (!before.has(key))
      out.push({
        kind: 'paused',
        revision: current.revision,
        step: p.step,
        reason: p.manual ? 'manual' : 'timed',
        ...(p.since ? { at: p.since } : {}),
      });
  }
  if (
    previous &&
    !newRevision &&
    (!current.aborted || facts.promotedByAction)
  ) {
    for (const [key, p] of previous.pauses) {
      if (!current.pauses.has(key))
        out.push({
          kind: 'promoted',
          revision: current.revision,
          step: p.step,
          reason: p.manual ? 'manual' : 'timed',
        });
    }
  }
  if (current.aborted && (!previous || !previous.aborted || newRevision)) {
    if (previous)
      out.push({
        kind: 'aborted',
        revision: current.revision,
        reason: facts.abortReason,
        ...(facts.abortDetail ? { detail: facts.abortDetail } : {}),
        ...(facts.abortedAt ? { at: facts.abortedAt } : {}),
      });
  }
  if (current.completed && previous && (!previous.completed || newRevision)) {
    out.push({ kind: 'completed', revision: current.revision });
  }
  return out;
}

function abortFacts(summary: RolloutSummary, rollout: KubeObject) {
  if (summary.abortedByAnalysis) {
    return {
      abortReason: 'analysis' as const,
      abortDetail:
        summary.abortedByAnalysis.metric ?? summary.abortedByAnalysis.message,
    };
  }
  const deadline = ((rollout.status?.conditions ?? []) as any[]).some(
    c => c?.type === 'Progressing' && c?.reason === 'ProgressDeadlineExceeded',
  );
  if (deadline)
    return {
      abortReason: 'progress-deadline' as const,
      abortDetail: summary.message,
    };
  return { abortReason: 'manual' as const };
}

const ACTIONS_BY_KIND: Partial<Record<string, string[]>> = {
  promoted: ['promote', 'promote-full', 'skip-step', 'resume'],
  aborted: ['abort'],
  started: ['undo', 'set-image', 'strategy-update', 'restart'],
};

/**
 * Records rollout transitions from the watch cache's change events into
 * the {@link TransitionStore}, with who did it and why from the action
 * history (an undo marks a start as a rollback; a promote or abort by a
 * person names them). Changes are coalesced per rollout.
 */
export class TransitionRecorder {
  readonly #cache: RolloutsCache;
  readonly #store: TransitionStore;
  readonly #history?: ActionHistoryStore;
  readonly #logger: LoggerService;
  readonly #debounceMs: number;
  /** cluster → rollout uid → its last observed state (the uid string is the cached rollout's). */
  readonly #known = new Map<string, Map<string, ObservedState>>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  #off?: () => void;

  constructor(options: {
    cache: RolloutsCache;
    store: TransitionStore;
    history?: ActionHistoryStore;
    logger: LoggerService;
    debounceMs?: number;
  }) {
    this.#cache = options.cache;
    this.#store = options.store;
    this.#history = options.history;
    this.#logger = options.logger;
    this.#debounceMs = options.debounceMs ?? 250;
  }

  start(): void {
    this.#off = this.#cache.onRolloutsChanged((cluster, changes) => {
      for (const { rollout, deleted } of changes) {
        const key = `${cluster}/${rollout.metadata.uid}`;
        if (deleted) {
          this.#known.get(cluster)?.delete(rollout.metadata.uid);
          continue;
        }
        if (this.#pending.has(key)) continue;
        this.#pending.set(
          key,
          setTimeout(() => {
            this.#pending.delete(key);
            const run = this.#check(
              cluster,
              rollout.metadata.namespace!,
              rollout.metadata.name,
            )
              .catch(e =>
                this.#logger.warn(`cannot record rollout transition: ${e}`),
              )
              .finally(() => this.#running.delete(run));
            this.#running.add(run);
          }, this.#debounceMs),
        );
      }
    });
  }

  async stop(): Promise<void> {
    this.#off?.();
    for (const t of this.#pending.values()) clearTimeout(t);
    this.#pending.clear();
    await Promise.all([...this.#running]);
  }

  async #check(cluster: string, namespace: string, name: string) {
    const cache = this.#cache.cluster(cluster);
    const rollout = cache?.rollout(namespace, name);
    if (!cache || !rollout) return;
    const objects = cache.objectsOf(rollout);
    const summary = summarizeRollout(cluster, objects);
    let known = this.#known.get(cluster);
    if (!known) this.#known.set(cluster, (known = new Map()));
    const previous = known.get(rollout.metadata.uid);
    const current = observe(summary);
    known.set(rollout.metadata.uid, current);
    if (previous && sameState(previous, current)) return;
    const released =
      previous && [...previous.pauses.keys()].some(k => !current.pauses.has(k));
    // The first sighting of a settled rollout (every one at startup) costs no query.
    if (!previous && (current.completed || current.aborted)) return;
    const history =
      previous || released
        ? await this.#recentActions(cluster, namespace, name)
        : [];
    const drafts = diffStates(previous, current, {
      reusedReplicaSet: reusedReplicaSet(objects.replicaSets, summary),
      ...abortFacts(summary, rollout),
      ...(rollout.status?.abortedAt
        ? { abortedAt: String(rollout.status.abortedAt) }
        : {}),
      promotedByAction: history.some(h =>
        ACTIONS_BY_KIND.promoted!.includes(h.action),
      ),
    });
    for (const draft of drafts) {
      const action = history.find(h =>
        ACTIONS_BY_KIND[draft.kind]?.includes(h.action),
      );
      if (action) draft.actor = action.actor;
      if (draft.kind === 'started' && action?.action === 'undo')
        draft.reason = 'rollback';
      await this.#store.add({
        ...draft,
        at: draft.at ?? new Date().toISOString(),
        cluster,
        namespace,
        name,
        uid: rollout.metadata.uid,
        labels: { ...(rollout.metadata.labels ?? {}) },
      });
    }
  }

  async #recentActions(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<ActionHistoryEntry[]> {
    if (!this.#history) return [];
    const since = Date.now() - HISTORY_WINDOW_MS;
    const rows = await this.#history.list({
      cluster,
      namespace,
      name,
      limit: 10,
    });
    return rows.filter(
      r => r.outcome === 'succeeded' && Date.parse(r.at) >= since,
    );
  }
}

function sameState(a: ObservedState, b: ObservedState): boolean {
  return (
    a.revision === b.revision &&
    a.aborted === b.aborted &&
    a.completed === b.completed &&
    a.pauses.size === b.pauses.size &&
    [...a.pauses.keys()].every(k => b.pauses.has(k))
  );
}

/** The current ReplicaSet existed for an earlier revision (Argo keeps a revision-history annotation on it). */
function reusedReplicaSet(
  replicaSets: KubeObject[],
  summary: RolloutSummary,
): boolean {
  const current = replicaSets.find(
    rs => rs.metadata.labels?.[POD_TEMPLATE_HASH] === summary.currentPodHash,
  );
  return Boolean(current?.metadata.annotations?.[REVISION_HISTORY_ANNOTATION]);
}
