import { KubeConfig, PatchStrategy, Watch } from '@kubernetes/client-node';
import fetch, { RequestInit } from 'node-fetch';
import { kubeConfigOf, secretsOf } from './kubeConfig';
import { ClusterConnection, WatchEvent } from './types';
import { scrubSecrets } from './scrub';

export const MERGE_PATCH = PatchStrategy.MergePatch;
export const JSON_PATCH = PatchStrategy.JsonPatch;

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
 * One cluster's API server, through @kubernetes/client-node: its
 * `KubeConfig` supplies the server, TLS material and credentials (bearer
 * token, client certificate, exec / token-file providers) of every request,
 * and its `Watch` runs the watch streams. On top: a hard time limit on every
 * request, a response size limit, secrets scrubbed from every error, and
 * paths that can only address the configured server. Paths are built by the
 * caller from fixed templates and encoded segments.
 */
export class KubeClient {
  readonly cluster: string;
  readonly kubeConfig: KubeConfig;
  readonly #requestTimeoutMs: number;
  readonly #server: string;
  readonly #secrets: string[];
  /** The KubeConfig the watches use: bounds the time to the response headers. */
  readonly #watchConfig: KubeConfig;
  /** In-flight requests and watches, aborted by close(). */
  readonly #inflight = new Set<AbortController>();

  constructor(conn: ClusterConnection) {
    this.cluster = conn.name;
    this.#requestTimeoutMs = conn.requestTimeoutMs;
    this.kubeConfig = kubeConfigOf(conn);
    const server = this.kubeConfig.getCurrentCluster()?.server;
    if (!server) {
      throw new KubeApiError(conn.name, 'no cluster in the kube config');
    }
    this.#server = server.replace(/\/+$/, '');
    this.#secrets = [
      ...secretsOf(this.kubeConfig),
      ...[conn.token, conn.key].filter((s): s is string => Boolean(s)),
    ];
    const kc = this.kubeConfig;
    const connectTimeoutMs = conn.requestTimeoutMs;
    this.#watchConfig = Object.create(kc, {
      applyToFetchOptions: {
        value: async (opts: any) => ({
          ...(await kc.applyToFetchOptions(opts)),
          // node-fetch: time limit up to the response headers (not the stream)
          timeout: connectTimeoutMs,
        }),
      },
    });
  }

  get requestTimeoutMs(): number {
    return this.#requestTimeoutMs;
  }

  /** Scrubs this cluster's secrets from a message. */
  scrub(text: string): string {
    return scrubSecrets(text, this.#secrets);
  }

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const url = this.#url(path);
    const timeoutMs = options.timeoutMs ?? this.#requestTimeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    this.#inflight.add(controller);
    try {
      // credentials may come from an exec plugin: bounded by the same timer
      const aborted = new Promise<never>((_, reject) =>
        controller.signal.addEventListener(
          'abort',
          () => reject(new Error('aborted')),
          { once: true },
        ),
      );
      const init = (await Promise.race([
        this.kubeConfig.applyToFetchOptions({}),
        aborted,
      ])) as RequestInit;
      const headers = init.headers as any; // node-fetch Headers
      headers.set('Accept', 'application/json');
      let body: string | undefined;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers.set('Content-Type', options.contentType ?? 'application/json');
      }
      const response = await fetch(url, {
        ...init,
        method,
        body,
        headers,
        signal: controller.signal as any,
        // the host is always the configured server: never follow a redirect
        redirect: 'manual',
        size: MAX_RESPONSE_BYTES,
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) {
        return text ? (JSON.parse(text) as T) : (undefined as T);
      }
      throw this.#statusError(response.status, text, options.contentType);
    } catch (e) {
      if (timedOut) {
        throw new KubeApiError(
          this.cluster,
          `request timed out after ${timeoutMs} ms`,
          undefined,
          'Timeout',
        );
      }
      throw this.#wrap(e);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      this.#inflight.delete(controller);
    }
  }

  /**
   * Opens a watch (client-node `Watch`) and calls `onEvent` for each event
   * until the stream ends (resolves), fails (rejects) or `signal` aborts
   * (resolves). Getting the response headers is bounded by the request
   * timeout; silence afterwards is the caller's concern.
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
      this.#url(path); // validates
      const [relative, search = ''] = path.split('?', 2);
      const query: Record<string, string> = {};
      new URLSearchParams(search).forEach((value, key) => {
        if (key !== 'watch') query[key] = value; // Watch sets watch=true
      });
      let stream: AbortController | undefined;
      const handle = new AbortController();
      // the caller's signal, or close()
      const stop = AbortSignal.any([signal, handle.signal]);
      let settled = false;
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        this.#inflight.delete(handle);
        stream?.abort();
        if (err && !stop.aborted) {
          reject(this.#wrap(err, 'watch'));
        } else {
          resolve();
        }
      };
      stop.addEventListener('abort', () => finish(), { once: true });
      this.#inflight.add(handle);
      new Watch(this.#watchConfig)
        .watch(
          relative,
          query,
          (type, object) => {
            if (!settled) onEvent({ type, object } as WatchEvent);
          },
          err => finish(err ?? undefined),
        )
        .then(
          controller => {
            stream = controller;
            // aborted (or failed) while connecting
            if (settled) controller.abort();
          },
          err => finish(err),
        );
    });
  }

  /** Aborts the requests and watches in flight. */
  close(): void {
    for (const c of [...this.#inflight]) c.abort();
  }

  #url(path: string): string {
    if (!path.startsWith('/') || path.includes('..')) {
      throw new KubeApiError(this.cluster, 'invalid API path');
    }
    return `${this.#server}${path}`;
  }

  #statusError(
    status: number,
    body: string,
    contentType?: string,
  ): KubeApiError {
    let message = `HTTP ${status}`;
    let reason: string | undefined;
    try {
      const parsed = JSON.parse(body);
      if (parsed?.kind === 'Status') {
        message = String(parsed.message ?? message);
        reason = parsed.reason;
        // A JSON patch that does not apply (a failed `test`, a missing path)
        // is a 422 with a generic message and no causes: say what it means.
        if (
          status === 422 &&
          contentType === JSON_PATCH &&
          !parsed.details?.causes?.length
        ) {
          message = `the JSON patch did not apply to the current object (a test operation failed or a path it changes does not exist): ${message}`;
        }
      }
    } catch {
      // not a Status object; keep the generic message
    }
    return new KubeApiError(this.cluster, this.scrub(message), status, reason);
  }

  #wrap(err: unknown, what: 'request' | 'watch' = 'request'): KubeApiError {
    if (err instanceof KubeApiError) return err;
    const e = err as NodeJS.ErrnoException & {
      type?: string;
      statusCode?: number;
    };
    if (e?.type === 'request-timeout') {
      return new KubeApiError(
        this.cluster,
        `${what === 'watch' ? 'watch connect' : 'request'} timed out after ${
          this.#requestTimeoutMs
        } ms`,
        undefined,
        'Timeout',
      );
    }
    if (e?.type === 'max-size') {
      return new KubeApiError(this.cluster, 'response too large');
    }
    // client-node's Watch: a non-200 answer (its body is not read)
    if (typeof e?.statusCode === 'number') {
      return new KubeApiError(
        this.cluster,
        this.scrub(`HTTP ${e.statusCode}: ${e.message}`),
        e.statusCode,
      );
    }
    const detail = e?.code
      ? `${e.code}: ${e.message}`
      : String(e?.message ?? err);
    return new KubeApiError(
      this.cluster,
      this.scrub(`cannot reach API server: ${detail}`),
    );
  }
}
