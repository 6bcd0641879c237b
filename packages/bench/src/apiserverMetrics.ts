/**
 * The API server's own request counter, `apiserver_request_total`, read from
 * its `/metrics` endpoint: the server's truth about how many requests it
 * served, by verb, resource and code.
 */

export interface RequestSample {
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  code: string;
  value: number;
}

const LINE = /^apiserver_request_total\{([^}]*)\}\s+([0-9.eE+-]+)\s*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the `apiserver_request_total` samples out of a Prometheus text exposition. */
export function parseRequestTotals(text: string): RequestSample[] {
  const out: RequestSample[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of m[1].matchAll(LABEL)) labels[l[1]] = l[2];
    out.push({
      verb: labels.verb ?? '',
      group: labels.group ?? '',
      resource: labels.resource ?? '',
      subresource: labels.subresource ?? '',
      code: labels.code ?? '',
      value: Number(m[2]),
    });
  }
  return out;
}

const keyOf = (s: RequestSample) =>
  `${s.verb} ${s.group ? `${s.group}/` : ''}${s.resource}${
    s.subresource ? `/${s.subresource}` : ''
  } ${s.code}`;

/** Requests counted between two scrapes, by `VERB group/resource[/sub] code` (zero deltas omitted). */
export function requestDelta(
  before: RequestSample[],
  after: RequestSample[],
): Map<string, number> {
  const base = new Map<string, number>();
  for (const s of before)
    base.set(keyOf(s), (base.get(keyOf(s)) ?? 0) + s.value);
  const delta = new Map<string, number>();
  for (const s of after) {
    const k = keyOf(s);
    delta.set(k, (delta.get(k) ?? 0) + s.value);
  }
  for (const [k, v] of base) delta.set(k, (delta.get(k) ?? 0) - v);
  for (const [k, v] of delta) if (v === 0) delta.delete(k);
  return delta;
}

export function total(
  delta: Map<string, number>,
  filter: (key: string) => boolean = () => true,
): number {
  let sum = 0;
  for (const [k, v] of delta) if (filter(k)) sum += v;
  return sum;
}
