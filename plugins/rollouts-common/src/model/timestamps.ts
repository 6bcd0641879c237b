/** RFC 3339 in UTC, without fractional seconds when there are none (as the API server writes it). */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
