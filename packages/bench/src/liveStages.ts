/**
 * Where the time of a change → browser goes, stage by stage, from the
 * rollouts backend's trace channel (a Node diagnostics channel it publishes
 * on only while someone subscribes): PATCH sent → watch event received →
 * change handed to the live updates → signal published → WebSocket client.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { round, summarize, Summary } from './stats';

/** The rollouts backend's trace channel (its live/liveTrace.ts). */
const LIVE_TRACE_CHANNEL = 'gradual.rollouts.live';

interface TraceEvent {
  stage: 'watch-event' | 'change' | 'publish';
  at: bigint;
  cluster?: string;
  type?: string;
  object?: any;
  rollouts?: any[];
  entityRef?: string;
}

export interface StageSample {
  /** PATCH sent → the backend's watch delivered the patched object. */
  patchToWatchMs?: number;
  /** Watch event → the live updates saw the change (cache ingest). */
  watchToChangeMs?: number;
  /** Change → signal published (the coalescing window). */
  changeToPublishMs?: number;
  /** Signal published → the WebSocket client received it (events bus, signals backend, socket). */
  publishToClientMs?: number;
  /** Rollout watch events of the entity's namespace in the 250 ms before the patched one arrived. */
  eventsBefore: number;
}

export interface StageBreakdown {
  patchToWatch: Summary;
  watchToChange: Summary;
  changeToPublish: Summary;
  publishToClient: Summary;
  /** Samples whose signal waited for a coalescing window (published ≥ 1 ms after the change). */
  coalesced: number;
  /** Other rollout watch events in the namespace in the 250 ms before each patched one (mean). */
  meanEventsBefore: number;
  /** Every rollout watch event of the namespace while recording. */
  namespaceEvents: { total: number; perSecond: number };
  /** Changes handed to the live updates for the namespace's rollouts (any watched type), and signals published. */
  changes: number;
  publishes: number;
}

const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;

/** Records the trace while it is open; `sample()` reads one change out of it. */
export class LiveStages {
  readonly #events: TraceEvent[] = [];
  readonly #namespace: string;
  readonly #samples: StageSample[] = [];
  readonly #listener = (message: unknown) => {
    const e = message as TraceEvent;
    if (e.stage === 'watch-event' && e.type !== 'rollouts') return;
    this.#events.push(e);
    if (this.#events.length > 50_000) this.#events.splice(0, 25_000);
  };
  #openedAt = process.hrtime.bigint();

  constructor(namespace: string) {
    this.#namespace = namespace;
    diagnosticsChannel.subscribe(LIVE_TRACE_CHANNEL, this.#listener);
  }

  /**
   * The stages of one change: the rollout `name` patched at `patchAt` with
   * annotation `annotation` = `value`, received by the client at `clientAt`.
   */
  sample(o: {
    name: string;
    annotation: string;
    value: string;
    patchAt: bigint;
    clientAt?: bigint;
  }): StageSample {
    const ofNamespace = (obj: any) =>
      obj?.metadata?.namespace === this.#namespace;
    const patched = (obj: any) =>
      ofNamespace(obj) &&
      obj.metadata.name === o.name &&
      obj.metadata.annotations?.[o.annotation] === o.value;
    const after = this.#events.filter(e => e.at >= o.patchAt);
    const watch = after.find(
      e => e.stage === 'watch-event' && patched(e.object),
    );
    const change = after.find(
      e => e.stage === 'change' && (e.rollouts ?? []).some(patched),
    );
    const publish = change
      ? after.find(
          e =>
            e.stage === 'publish' &&
            e.at >= change.at &&
            (e.rollouts ?? []).some(r => r.name === o.name),
        )
      : undefined;
    const eventsBefore = watch
      ? this.#events.filter(
          e =>
            e.stage === 'watch-event' &&
            e !== watch &&
            ofNamespace(e.object) &&
            e.at < watch.at &&
            ms(e.at, watch.at) < 250,
        ).length
      : 0;
    const s: StageSample = {
      patchToWatchMs: watch ? ms(o.patchAt, watch.at) : undefined,
      watchToChangeMs: watch && change ? ms(watch.at, change.at) : undefined,
      changeToPublishMs:
        change && publish ? ms(change.at, publish.at) : undefined,
      publishToClientMs:
        publish && o.clientAt ? ms(publish.at, o.clientAt) : undefined,
      eventsBefore,
    };
    this.#samples.push(s);
    return s;
  }

  /** Stops recording; the summary of every sample taken. */
  close(): StageBreakdown {
    diagnosticsChannel.unsubscribe(LIVE_TRACE_CHANNEL, this.#listener);
    const of = (k: keyof StageSample) =>
      summarize(
        this.#samples
          .map(s => s[k])
          .filter((v): v is number => v !== undefined),
      );
    const seconds = ms(this.#openedAt, process.hrtime.bigint()) / 1000;
    const total = this.#events.filter(
      e =>
        e.stage === 'watch-event' &&
        e.object?.metadata?.namespace === this.#namespace,
    ).length;
    return {
      patchToWatch: of('patchToWatchMs'),
      watchToChange: of('watchToChangeMs'),
      changeToPublish: of('changeToPublishMs'),
      publishToClient: of('publishToClientMs'),
      coalesced: this.#samples.filter(s => (s.changeToPublishMs ?? 0) >= 1)
        .length,
      meanEventsBefore: round(
        this.#samples.reduce((a, s) => a + s.eventsBefore, 0) /
          Math.max(1, this.#samples.length),
      ),
      namespaceEvents: { total, perSecond: round(total / seconds) },
      changes: this.#events.filter(
        e =>
          e.stage === 'change' &&
          (e.rollouts ?? []).some(
            r => r?.metadata?.namespace === this.#namespace,
          ),
      ).length,
      publishes: this.#events.filter(e => e.stage === 'publish').length,
    };
  }
}
