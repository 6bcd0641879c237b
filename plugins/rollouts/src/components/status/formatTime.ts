/** "1h 2m", "2m 5s", "45s" for a duration in seconds (never negative). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) {
    return `${h}h ${m}m`;
  }
  if (m > 0) {
    return sec > 0 ? `${m}m ${sec}s` : `${m}m`;
  }
  return `${sec}s`;
}

/** "just now", "5s ago", "3m ago". */
export function formatAgo(from: number, now: number): string {
  const seconds = Math.floor((now - from) / 1000);
  if (seconds < 2) {
    return 'just now';
  }
  return `${formatDuration(seconds)} ago`;
}

/** A local date-time for tables. */
export function formatTimestamp(iso?: string): string {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
