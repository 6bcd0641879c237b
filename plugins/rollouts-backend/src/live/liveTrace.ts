import diagnosticsChannel from 'node:diagnostics_channel';
import { KubeObject } from '@gradual/plugin-rollouts-common';

/**
 * The stages of a live update, on a Node diagnostics channel: a watch event
 * received, the change handed to the live updates, a signal published. A
 * subscriber in the same process (the bench) times each stage; without one,
 * nothing is built or sent (`hasSubscribers`).
 */
export const LIVE_TRACE_CHANNEL = 'gradual.rollouts.live';

export type LiveTraceEvent =
  | {
      stage: 'watch-event';
      at: bigint;
      cluster: string;
      type: string;
      eventType: string;
      object: KubeObject;
    }
  | {
      stage: 'change';
      at: bigint;
      cluster: string;
      rollouts: KubeObject[];
    }
  | {
      stage: 'publish';
      at: bigint;
      entityRef: string;
      rollouts: Array<{ cluster: string; namespace: string; name: string }>;
    };

const channel = diagnosticsChannel.channel(LIVE_TRACE_CHANNEL);

/** Whether anyone listens (check before building a trace event). */
export const liveTraceActive = () => channel.hasSubscribers;

/** A trace event before its timestamp is taken (one of each stage). */
type Untimed<E> = E extends unknown ? Omit<E, 'at'> : never;

/** Publishes a stage (call only when `liveTraceActive()`). */
export function traceLive(event: Untimed<LiveTraceEvent>): void {
  channel.publish({ ...event, at: process.hrtime.bigint() });
}
