import { useCallback, useEffect, useRef, useState } from 'react';

export interface LiveResource<T> {
  value?: T;
  /** The error of the last load; the previous value stays available. */
  error?: Error;
  /** True until the first load for the current key has finished. */
  loading: boolean;
  /** Reloads now. */
  refresh: () => void;
  /** When the value was last fetched successfully. */
  updatedAt?: Date;
}

interface State<T> {
  key: string;
  value?: T;
  error?: Error;
  settled: boolean;
  updatedAt?: Date;
}

/**
 * Loads a value for `key` and reloads it whenever `trigger` changes or
 * `refresh` is called, keeping the last value on screen while a reload is in
 * flight or after a reload failed. A new `key` starts from scratch.
 */
export function useLiveResource<T>(
  key: string,
  load: () => Promise<T>,
  trigger: number,
): LiveResource<T> {
  const [state, setState] = useState<State<T>>({ key, settled: false });
  const [manual, setManual] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const lastCall = useRef(0);

  useEffect(() => {
    const call = ++lastCall.current;
    let active = true;
    loadRef.current().then(
      value => {
        if (active && call === lastCall.current) {
          setState({ key, value, settled: true, updatedAt: new Date() });
        }
      },
      error => {
        if (active && call === lastCall.current) {
          setState(prev =>
            prev.key === key
              ? { ...prev, error, settled: true }
              : { key, error, settled: true },
          );
        }
      },
    );
    return () => {
      active = false;
    };
  }, [key, trigger, manual]);

  const refresh = useCallback(() => setManual(m => m + 1), []);
  const current = state.key === key ? state : { key, settled: false };

  return {
    value: current.value,
    error: current.error,
    loading: !current.settled,
    refresh,
    updatedAt: current.updatedAt,
  };
}
