import http from 'node:http';
import https from 'node:https';
import { ClusterConnection, WatchEvent } from './types';
import { scrubSecrets } from './scrub';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

/** Largest API server response body accepted (a full list page stays far below). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** An error answered by, or while reaching, a cluster's API server. Its message never holds a secret. */
export class KubeApiError extends Error {
  readonly statusCode?: number;
  readonly reason?: string;
  readonly cluster: string;

  constructor(
    cluster: string,
    message: string,
    statusCode?: number,
    reason?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.cluster = cluster;
    this.statusCode = statusCode;
    this.reason = reason;
  }
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  /** Overrides the cluster's request timeout. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * A small Kubernetes API client over node:http(s): JSON requests and
 * line-delimited watch streams, with a hard time limit on every request.
 * Paths are built by the caller from fixed templates and encoded segments;
 * the host is always the configured cluster URL.
 */
export class KubeClient {
  readonly cluster: string;
  readonly #conn: ClusterConnection;
  readonly #agent: http.Agent;
  readonly #base: URL;

  constructor(conn: ClusterConnection) {
    this.#conn = conn;
    this.cluster = conn.name;
    this.#base = new URL(conn.url);
    const isHttps = this.#base.protocol === 'https:';
    this.#agent = isHttps
      ? new https.Agent({
          keepAlive: true,
          maxSockets: 32,
          ca: conn.ca,
          cert: conn.cert,
          key: conn.key,
          rejectUnauthorized: !conn.skipTLSVerify,
        })
      : new http.Agent({ keepAlive: true, maxSockets: 32 });
  }

  get requestTimeoutMs(): number {
    return this.#conn.requestTimeoutMs;
  }

  /** Scrubs this cluster's secrets from a message. */
  scrub(text: string): string {
    return scrubSecrets(text, [this.#conn.token, this.#conn.key]);
  }

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.#conn.requestTimeoutMs;
    const { response, body } = await new Promise<{
      response: http.IncomingMessage;
      body: string;
    }>((resolve, reject) => {
      const payload =
        options.body === undefined
          ? undefined
          : Buffer.from(JSON.stringify(options.body));
      const req = this.#open(
        method,
        path,
        payload,
        options.contentType,
        options.signal,
      );
      const timer = setTimeout(() => {
        req.destroy(
          new KubeApiError(
            this.cluster,
            `request timed out after ${timeoutMs} ms`,
            undefined,
            'Timeout',
          ),
        );
      }, timeoutMs);
      req.on('response', res => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new KubeApiError(this.cluster, 'response too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            response: res,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', err => {
          clearTimeout(timer);
          reject(err);
        });
      });
      req.on('error', err => {
        clearTimeout(timer);
        reject(this.#wrap(err));
      });
      req.end(payload);
    });
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      return body ? (JSON.parse(body) as T) : (undefined as T);
    }
    throw this.#statusError(status, body);
  }

  /**
   * Opens a watch and calls `onEvent` for each event until the stream ends
   * (resolves), fails (rejects) or `signal` aborts (resolves). Connecting is
   * bounded by the request timeout; silence afterwards is the caller's concern.
   */
  watch(
    path: string,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const req = this.#open('GET', path, undefined, undefined, undefined);
      const onAbort = () => {
        req.destroy();
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const connectTimer = setTimeout(() => {
        req.destroy(
          new KubeApiError(
            this.cluster,
            `watch connect timed out after ${this.#conn.requestTimeoutMs} ms`,
            undefined,
            'Timeout',
          ),
        );
      }, this.#conn.requestTimeoutMs);
      const done = (err?: unknown) => {
        clearTimeout(connectTimer);
        signal.removeEventListener('abort', onAbort);
        if (err && !signal.aborted) reject(this.#wrap(err));
        else resolve();
      };
      req.on('response', res => {
        clearTimeout(connectTimer);
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            done(
              this.#statusError(status, Buffer.concat(chunks).toString('utf8')),
            ),
          );
          res.on('error', done);
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line) {
              let event: WatchEvent | undefined;
              try {
                event = JSON.parse(line);
              } catch {
                req.destroy(
                  new KubeApiError(this.cluster, 'malformed watch event'),
                );
                return;
              }
              onEvent(event!);
            }
            newline = buffered.indexOf('\n');
          }
          if (buffered.length > MAX_RESPONSE_BYTES) {
            req.destroy(
              new KubeApiError(this.cluster, 'watch event too large'),
            );
          }
        });
        res.on('end', () => done());
        res.on('error', done);
        res.on('close', () => done());
      });
      req.on('error', done);
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }

  #open(
    method: string,
    path: string,
    payload: Buffer | undefined,
    contentType: string | undefined,
    signal: AbortSignal | undefined,
  ): http.ClientRequest {
    if (!path.startsWith('/') || path.includes('..')) {
      throw new KubeApiError(this.cluster, 'invalid API path');
    }
    const basePath = this.#base.pathname.replace(/\/$/, '');
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#conn.token) headers.Authorization = `Bearer ${this.#conn.token}`;
    if (payload) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const transport = this.#base.protocol === 'https:' ? https : http;
    return transport.request({
      protocol: this.#base.protocol,
      hostname: this.#base.hostname,
      port: this.#base.port || undefined,
      path: `${basePath}${path}`,
      method,
      headers,
      agent: this.#agent,
      signal,
    });
  }

  #statusError(status: number, body: string): KubeApiError {
    let message = `HTTP ${status}`;
    let reason: string | undefined;
    try {
      const parsed = JSON.parse(body);
      if (parsed?.kind === 'Status') {
        message = String(parsed.message ?? message);
        reason = parsed.reason;
      }
    } catch {
      // not a Status object; keep the generic message
    }
    return new KubeApiError(this.cluster, this.scrub(message), status, reason);
  }

  #wrap(err: unknown): KubeApiError {
    if (err instanceof KubeApiError) return err;
    const e = err as NodeJS.ErrnoException;
    const detail = e?.code
      ? `${e.code}: ${e.message}`
      : String(e?.message ?? err);
    return new KubeApiError(
      this.cluster,
      this.scrub(`cannot reach API server: ${detail}`),
    );
  }
}
