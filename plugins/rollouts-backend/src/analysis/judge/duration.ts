import { InputError } from '@backstage/errors';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Parses a Go/Prometheus-style duration such as `90s`, `5m` or `1h30m` into seconds. */
export function parseDurationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== text) {
    throw new InputError(`Invalid duration "${text}" (e.g. 90s, 5m, 1h30m)`);
  }
  return parts.reduce(
    (sum, [, amount, unit]) => sum + Number(amount) * UNITS[unit],
    0,
  );
}
