import { useEffect, useState } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import { rolloutsSignalChannel } from '@gradual/plugin-rollouts-common';

/** How often to poll when signals are not installed. */
export const POLL_INTERVAL_MS = 10_000;
/** A slow safety poll when signals are installed, in case a signal is lost. */
export const SIGNALS_SAFETY_POLL_MS = 60_000;

/**
 * A counter that increments whenever the entity's rollouts may have changed:
 * on every signal on the entity's channel, and on a polling interval (short
 * when signals are unavailable, long otherwise).
 */
export function useRefreshTrigger(entityRef: string): {
  trigger: number;
  live: boolean;
} {
  const { lastSignal, isSignalsAvailable } = useSignal(
    rolloutsSignalChannel(entityRef),
  );
  const [trigger, setTrigger] = useState(0);

  useEffect(() => {
    if (lastSignal) {
      setTrigger(t => t + 1);
    }
  }, [lastSignal]);

  useEffect(() => {
    const ms = isSignalsAvailable ? SIGNALS_SAFETY_POLL_MS : POLL_INTERVAL_MS;
    const id = setInterval(() => setTrigger(t => t + 1), ms);
    return () => clearInterval(id);
  }, [isSignalsAvailable]);

  return { trigger, live: isSignalsAvailable };
}
