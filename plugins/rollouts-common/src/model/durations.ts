/**
 * Duration helpers: Kubernetes' `duration.HumanDuration` (the AGE column of
 * kubectl and `kubectl argo rollouts get`) and Go's `time.ParseDuration`.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Port of `k8s.io/apimachinery/pkg/util/duration.HumanDuration`, for a duration in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) {
    return '<invalid>';
  } else if (seconds < 0) {
    return '0s';
  } else if (seconds < 60 * 2) {
    return `${seconds}s`;
  }
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  } else if (minutes < 60 * 3) {
    return `${minutes}m`;
  }
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  } else if (hours < 48) {
    return `${hours}h`;
  } else if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${Math.trunc(hours / 24)}d`
      : `${Math.trunc(hours / 24)}d${h}h`;
  } else if (hours < 24 * 365 * 2) {
    return `${Math.trunc(hours / 24)}d`;
  } else if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};

/**
 * Go's `time.ParseDuration` ("10s", "1h30m", "1.5h"), in milliseconds.
 * Returns undefined for text Go would reject.
 */
export function parseGoDuration(text: string): number | undefined {
  let rest = text.trim();
  if (rest === '') {
    return undefined;
  }
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') {
    return 0;
  }
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  if (rest === '') {
    return undefined;
  }
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match) {
      return undefined;
    }
    total += Number.parseFloat(match[1]) * UNIT_MS[match[2]];
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}

/**
 * Seconds of a pause / delay given as an IntOrString the way Argo reads it
 * (`RolloutPause.DurationSeconds`): a number is seconds; a string is first
 * read as an integer number of seconds, then as a Go duration.
 */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Math.trunc(value);
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  if (/^[+-]?\d+$/.test(value)) {
    return Number.parseInt(value, 10);
  }
  const ms = parseGoDuration(value);
  return ms === undefined ? undefined : Math.trunc(ms / SECOND);
}

/** A short, exact form of a number of seconds: 30s, 5m, 1h30m, 2h0m5s → "2h5s". */
export function formatSeconds(total: number): string {
  if (total <= 0) {
    return '0s';
  }
  const h = Math.trunc(total / 3600);
  const m = Math.trunc((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
