/*
 * A small admin client of the test cluster's API server for test set-up and
 * inspection (JSON in, JSON out, bearer token, the kubeconfig's CA). Packages
 * with a Kubernetes client of their own may use that one instead: the
 * helpers of this package take any `KubeRequester`.
 */
import http from 'node:http';
import https from 'node:https';
import { TestClusterAccess, testClusterAccess } from './testClusterAccess';

export interface KubeRequestOptions {
  body?: unknown;
  /** Default application/json (e.g. application/merge-patch+json). */
  contentType?: string;
  timeoutMs?: number;
}

/** What the helpers of this package need of a Kubernetes client. */
export interface KubeRequester {
  request<T = any>(
    method: string,
    path: string,
    options?: KubeRequestOptions,
  ): Promise<T>;
}

/** A non-2xx answer of the API server. */
export class TestKubeError extends Error {
  constructor(
    readonly statusCode: number,
    call: string,
    readonly body: string,
  ) {
    let message = body.slice(0, 500);
    try {
      message = JSON.parse(body).message ?? message;
    } catch {
      // not JSON: the raw body
    }
    super(`${call} answered ${statusCode}: ${message}`);
    this.name = 'TestKubeError';
  }
}

export class TestKubeClient implements KubeRequester {
  readonly #base: URL;
  readonly #token: string;
  readonly #agent: http.Agent;

  constructor(access: TestClusterAccess) {
    this.#base = new URL(access.server);
    this.#token = access.adminToken;
    this.#agent =
      this.#base.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({
            keepAlive: true,
            rejectUnauthorized: !access.skipTLSVerify,
            ...(access.caData
              ? { ca: Buffer.from(access.caData, 'base64').toString('utf8') }
              : {}),
          });
  }

  request<T = any>(
    method: string,
    path: string,
    options: KubeRequestOptions = {},
  ): Promise<T> {
    const url = new URL(path, this.#base);
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    const call = `${method} ${path}`;
    const send = url.protocol === 'http:' ? http.request : https.request;
    return new Promise<T>((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          agent: this.#agent,
          timeout: options.timeoutMs ?? 30_000,
          headers: {
            Authorization: `Bearer ${this.#token}`,
            Accept: 'application/json',
            ...(payload === undefined
              ? {}
              : {
                  'Content-Type': options.contentType ?? 'application/json',
                  'Content-Length': Buffer.byteLength(payload),
                }),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              reject(new TestKubeError(status, call, text));
              return;
            }
            try {
              resolve((text ? JSON.parse(text) : undefined) as T);
            } catch (e) {
              reject(new Error(`${call}: the answer is not JSON: ${e}`));
            }
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${call}: no answer in time`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Ends the kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }
}

export interface TestCluster extends TestClusterAccess {
  /** Admin access, for setting up and inspecting. */
  admin: TestKubeClient;
}

/** The local cluster from the environment, with an admin client. */
export async function connectTestCluster(): Promise<TestCluster> {
  const access = testClusterAccess();
  return { ...access, admin: new TestKubeClient(access) };
}
