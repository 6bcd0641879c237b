/*
 * Polls a condition until it holds or a deadline passes. Used for every
 * readiness check and by the scenario tests: waits are always on a condition
 * and always bounded.
 */

export interface WaitOptions {
  timeoutMs: number;
  /** Delay between attempts (default 250 ms). */
  intervalMs?: number;
  /** Shown in the timeout error: "timed out after 30s waiting for <description>". */
  description?: string;
}

export class WaitTimeoutError extends Error {
  constructor(message: string, readonly lastError?: unknown) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

/**
 * Calls `condition` until it returns a value that is neither `false`,
 * `undefined` nor `null`, and resolves with that value. Exceptions thrown by
 * the condition count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitOptions,
): Promise<Exclude<T, false | undefined | null>> {
  const { timeoutMs, intervalMs = 250, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== false && value !== undefined && value !== null) {
        return value as Exclude<T, false | undefined | null>;
      }
    } catch (e) {
      lastError = e;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const suffix = lastError
        ? ` (last error: ${(lastError as Error).message ?? lastError})`
        : '';
      throw new WaitTimeoutError(
        `timed out after ${Math.round(
          timeoutMs / 1000,
        )}s waiting for ${description}${suffix}`,
        lastError,
      );
    }
    await new Promise(resolve =>
      setTimeout(resolve, Math.min(intervalMs, remaining)),
    );
  }
}
