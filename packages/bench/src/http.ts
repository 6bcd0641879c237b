/** Timed HTTP calls to the bench backend (Node's fetch, keep-alive). */
import { msSince } from './stats';

export interface Timed<T = any> {
  ms: number;
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
  const text = await res.text();
  const ms = msSince(start);
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { ms, status: res.status, bytes: Buffer.byteLength(text), body };
}
