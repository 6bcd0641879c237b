/**
 * A `Server-Timing` header value (W3C Server Timing): one metric, its
 * duration since `startedAt` (a `performance.now()` reading) in milliseconds.
 */
export function serverTiming(
  metric: string,
  startedAt: number,
  now: number = performance.now(),
): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(metric))
    throw new Error(`not a Server-Timing metric name: ${metric}`);
  return `${metric};dur=${Math.max(0, now - startedAt).toFixed(2)}`;
}
