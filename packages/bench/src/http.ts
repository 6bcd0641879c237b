/** Timed HTTP calls to the bench backend (Node's fetch, keep-alive). */
import { msSince } from './stats';

export interface Timed<T = any> {
  ms: number;
  /** Of `ms`: until the response headers (the server's work and the request's way there). */
  headersMs: number;
  /** Of `ms`: reading (and decoding) the body. */
  bodyMs: number;
  /** After `ms`: JSON.parse of the body (not in `ms`). */
  parseMs: number;
  /** The answer's `Server-Timing` durations (ms) by metric name. */
  serverTimings: Record<string, number>;
  status: number;
  bytes: number;
  body: T;
}

export async function timedFetch<T = any>(
  url: string,
  init?: { method?: string; body?: unknown; headers?: Record<string, string> },
): Promise<Timed<T>> {
  const start = process.hrtime.bigint();
  const res = await fetch(url, {
    method: init?.method ?? 'GET',
    headers: {
      ...init?.headers,
      ...(init?.body === undefined
        ? {}
        : { 'Content-Type': 'application/json' }),
    },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const headersMs = msSince(start);
  const text = await res.text();
  const ms = msSince(start);
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return {
    ms,
    headersMs,
    bodyMs: ms - headersMs,
    parseMs: msSince(start) - ms,
    serverTimings: serverTimingsOf(res.headers.get('server-timing')),
    status: res.status,
    bytes: Buffer.byteLength(text),
    body,
  };
}

/** `Server-Timing: a;dur=1.5, b;desc="x";dur=2` → { a: 1.5, b: 2 } */
export function serverTimingsOf(
  header: string | null | undefined,
): Record<string, number> {
  const timings: Record<string, number> = {};
  for (const entry of (header ?? '').split(',')) {
    const [name, ...params] = entry.split(';').map(p => p.trim());
    const dur = params.find(p => p.startsWith('dur='));
    if (name && dur) timings[name] = Number(dur.slice(4));
  }
  return timings;
}
