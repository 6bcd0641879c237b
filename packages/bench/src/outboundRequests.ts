/**
 * Requests to the API server counted where they are sent: every HTTP(S)
 * request made in this process (Node's http/https client and undici/fetch,
 * through their diagnostics channels), attributed to a bench backend by the
 * bearer token of its cluster entries (each backend gets its own token).
 *
 * The API server's own counter (`apiserver_request_total`) cannot tell whose
 * requests it served (no user label, and priority-and-fairness metrics are
 * off on the local cluster), and the cluster is shared with the portal, the
 * Argo controller and other tests: tens of requests per second of noise.
 * Counting at the sender is exact for the plugins under test.
 */
import diagnosticsChannel from 'node:diagnostics_channel';

/** `VERB path` with LIST / WATCH told apart from GET, query dropped. */
export function requestKey(method: string, pathAndQuery: string): string {
  const [path, query = ''] = pathAndQuery.split('?', 2);
  const params = new URLSearchParams(query);
  let verb = method.toUpperCase();
  if (verb === 'GET') {
    const watch = params.get('watch');
    if (watch === 'true' || watch === '1') verb = 'WATCH';
    else if (isCollection(path)) verb = 'LIST';
  }
  return `${verb} ${path}`;
}

/**
 * A collection path: /api/v1/<res>, /api/v1/namespaces/<ns>/<res>,
 * /apis/<g>/<v>/<res>, /apis/<g>/<v>/namespaces/<ns>/<res>.
 */
function isCollection(path: string): boolean {
  const parts = path.split('/').filter(Boolean);
  let rest: string[];
  if (parts[0] === 'api') rest = parts.slice(2);
  else if (parts[0] === 'apis') rest = parts.slice(3);
  else return false;
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  return rest.length === 1;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (Array.isArray(headers)) {
    // undici: [name, value, name, value, …]
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === name)
        return String(headers[i + 1]);
    }
    return undefined;
  }
  if (typeof headers === 'string') {
    for (const line of headers.split('\r\n')) {
      const at = line.indexOf(':');
      if (at > 0 && line.slice(0, at).trim().toLowerCase() === name)
        return line.slice(at + 1).trim();
    }
  }
  return undefined;
}

export class OutboundRequests {
  /** bearer token → request key → count */
  readonly #counts = new Map<string, Map<string, number>>();
  readonly #onHttp = (message: unknown) => {
    const request = (message as { request?: any }).request;
    if (!request?.getHeader) return;
    // node-fetch v2 (the Kubernetes plugin's) sets header values as arrays.
    const auth = [request.getHeader('authorization')].flat()[0];
    this.#record(
      typeof auth === 'string' ? auth : undefined,
      request.method ?? 'GET',
      request.path ?? '/',
    );
  };
  readonly #onUndici = (message: unknown) => {
    const request = (message as { request?: any }).request;
    if (!request) return;
    this.#record(
      headerValue(request.headers, 'authorization'),
      request.method ?? 'GET',
      request.path ?? '/',
    );
  };

  start(): this {
    diagnosticsChannel.subscribe('http.client.request.start', this.#onHttp);
    diagnosticsChannel.subscribe('undici:request:create', this.#onUndici);
    return this;
  }

  stop(): void {
    diagnosticsChannel.unsubscribe('http.client.request.start', this.#onHttp);
    diagnosticsChannel.unsubscribe('undici:request:create', this.#onUndici);
  }

  #record(auth: string | undefined, method: string, path: string) {
    const m = /^Bearer\s+(.+)$/i.exec(auth ?? '');
    if (!m) return;
    let counts = this.#counts.get(m[1]);
    if (!counts) {
      counts = new Map();
      this.#counts.set(m[1], counts);
    }
    const key = requestKey(method, path);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  /** A copy of the counts of one token so far. */
  snapshot(token: string): Map<string, number> {
    return new Map(this.#counts.get(token) ?? []);
  }
}

/** Requests between two snapshots, by key (zero deltas omitted). */
export function outboundDelta(
  before: Map<string, number>,
  after: Map<string, number>,
): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d) delta.set(k, d);
  }
  return delta;
}
