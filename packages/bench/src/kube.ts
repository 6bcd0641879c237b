/**
 * A small admin client for the bench: seeding, cleanup, watching state and
 * scraping the API server's metrics. Loopback HTTPS with the cluster CA.
 */
import fs from 'node:fs';
import https from 'node:https';

export class KubeError extends Error {
  constructor(message: string, readonly statusCode: number) {
    super(message);
  }
}

export class AdminClient {
  readonly #agent: https.Agent;
  readonly #base: URL;
  readonly #token: string;

  constructor(options: { server: string; token: string; caPath: string }) {
    this.#base = new URL(options.server);
    this.#token = options.token;
    this.#agent = new https.Agent({
      keepAlive: true,
      maxSockets: 16,
      ca: fs.readFileSync(options.caPath, 'utf8'),
    });
  }

  /** Raw text (for /metrics). */
  text(path: string, timeoutMs = 30_000): Promise<string> {
    return this.#send('GET', path, undefined, undefined, timeoutMs).then(
      r => r.body,
    );
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    timeoutMs = 30_000,
  ): Promise<T> {
    const res = await this.#send(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      contentType,
      timeoutMs,
    );
    return res.body ? JSON.parse(res.body) : (undefined as T);
  }

  /** GETs every page of a list. */
  async listAll<T = any>(path: string, pageSize = 500): Promise<T[]> {
    const items: T[] = [];
    let cont: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.request<any>(
        'GET',
        `${path}${sep}limit=${pageSize}${
          cont ? `&continue=${encodeURIComponent(cont)}` : ''
        }`,
      );
      items.push(...(page.items ?? []));
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return items;
  }

  /** Number of objects of a list, from one item and `remainingItemCount`. */
  async count(path: string): Promise<number> {
    const sep = path.includes('?') ? '&' : '?';
    const page = await this.request<any>('GET', `${path}${sep}limit=1`);
    return (
      (page.items?.length ?? 0) + Number(page.metadata?.remainingItemCount ?? 0)
    );
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(
    method: string,
    path: string,
    payload: string | undefined,
    contentType: string | undefined,
    timeoutMs: number,
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const req = https.request(
        {
          protocol: 'https:',
          hostname: this.#base.hostname,
          port: this.#base.port,
          path,
          method,
          agent: this.#agent,
          headers: {
            Authorization: `Bearer ${this.#token}`,
            Accept: 'application/json, text/plain',
            ...(payload
              ? {
                  'Content-Type': contentType!,
                  'Content-Length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            const body = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ status, body });
            else {
              let message = body.slice(0, 300);
              try {
                message = JSON.parse(body).message ?? message;
              } catch {
                // not JSON
              }
              reject(
                new KubeError(
                  `${method} ${path.split('?')[0]}: HTTP ${status}: ${message}`,
                  status,
                ),
              );
            }
          });
          res.on('error', reject);
        },
      );
      timer = setTimeout(
        () =>
          req.destroy(
            new Error(`${method} ${path} timed out after ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      req.on('error', e => {
        clearTimeout(timer);
        reject(e);
      });
      req.end(payload);
    });
  }
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function mapLimit<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  return results;
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${description}${
          last ? `: ${last}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 250));
  }
}
