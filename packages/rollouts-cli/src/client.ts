import {
  DefaultApiClient,
  rolloutRouteParams,
  type RequestOptions,
  type ActionHistoryResponse,
  type ActionRequest,
  type ActionResponse,
  type EntityRolloutsResponse,
  type RolloutActionName,
  type RolloutDetail,
  type RolloutWaitEvent,
  type RolloutWaitResult,
  type RolloutWaitState,
  type RolloutWatchEnd,
  type RolloutWatchEvent,
  type WaitTarget,
} from '@gradual/plugin-rollouts-common';
import { CliError, EXIT, exitCodeForStatus } from './exitCodes';
import { EntityName, RolloutName } from './names';

export type Fetch = typeof fetch;

/**
 * The rollouts backend's REST API (`/api/rollouts`), with a bearer token.
 * Every request is built by the client generated from the backend's OpenAPI
 * spec; this class adds the token, reads the bodies (the NDJSON streams of
 * the wait API and the watch by hand: the generated client hands back the
 * response) and
 * turns failures into CLI errors.
 */
export class GradualClient {
  readonly #base: string;
  readonly #token: string;
  readonly #api: DefaultApiClient;

  constructor(options: { url: string; token: string; fetch?: Fetch }) {
    const portal = options.url.replace(/\/+$/, '');
    this.#base = `${portal}/api/rollouts`;
    this.#token = options.token;
    this.#api = new DefaultApiClient({
      discoveryApi: {
        getBaseUrl: async pluginId => `${portal}/api/${pluginId}`,
      },
      fetchApi: { fetch: options.fetch ?? fetch },
    });
  }

  list(entity: EntityName): Promise<EntityRolloutsResponse> {
    return this.#json(o => this.#api.listEntityRollouts({ path: entity }, o));
  }

  get(entity: EntityName, rollout: RolloutName): Promise<RolloutDetail> {
    return this.#json(o =>
      this.#api.getEntityRollout(
        { path: rolloutRouteParams(entity, rollout) },
        o,
      ),
    );
  }

  act(
    entity: EntityName,
    rollout: RolloutName,
    action: RolloutActionName,
    body: ActionRequest,
  ): Promise<ActionResponse> {
    return this.#json(o =>
      this.#api.runRolloutAction(
        { path: { ...rolloutRouteParams(entity, rollout), action }, body },
        o,
      ),
    );
  }

  history(
    entity: EntityName,
    rollout: RolloutName,
    limit?: number,
  ): Promise<ActionHistoryResponse> {
    return this.#json(o =>
      this.#api.getRolloutHistory(
        {
          path: rolloutRouteParams(entity, rollout),
          query: { limit: limit || undefined },
        },
        o,
      ),
    );
  }

  /** The wait API with progress lines (NDJSON); resolves with the result line. */
  async wait(
    entity: EntityName,
    rollout: RolloutName,
    options: {
      until: WaitTarget;
      timeoutSeconds: number;
      onProgress?: (state: RolloutWaitState) => void;
    },
  ): Promise<RolloutWaitResult> {
    const res = await this.#request(o =>
      this.#api.waitForRolloutStatus(
        {
          path: rolloutRouteParams(entity, rollout),
          query: {
            until: options.until,
            timeout: String(options.timeoutSeconds),
            progress: 'true',
          },
        },
        o,
      ),
    );
    let result: RolloutWaitResult | undefined;
    for await (const event of ndjsonLines<RolloutWaitEvent>(res)) {
      if (event.type === 'progress') options.onProgress?.(event.state);
      else if (event.type === 'result') result = event.result;
      else throw new CliError(event.error.message, EXIT.failed);
    }
    if (!result) {
      throw new CliError(
        'the backend ended the wait without a result',
        EXIT.failed,
      );
    }
    return result;
  }

  /**
   * The watch stream (`…/watch`, NDJSON): `onRollout` gets the detail now
   * and on every change, until the backend's `end` line (the timeout) or
   * the signal (then it resolves `closed`).
   */
  async watch(
    entity: EntityName,
    rollout: RolloutName,
    options: {
      timeoutSeconds: number;
      signal?: AbortSignal;
      onRollout: (detail: RolloutDetail) => void;
    },
  ): Promise<RolloutWatchEnd> {
    const res = await this.#request(o =>
      this.#api.watchRollout(
        {
          path: rolloutRouteParams(entity, rollout),
          query: { timeout: String(options.timeoutSeconds) },
        },
        o,
      ),
    );
    for await (const event of ndjsonLines<RolloutWatchEvent>(
      res,
      options.signal,
    )) {
      if (event.type === 'rollout') options.onRollout(event.rollout);
      else if (event.type === 'end') return event.end;
      else throw new CliError(event.error.message, EXIT.failed);
    }
    if (options.signal?.aborted) return { reason: 'closed', watchedSeconds: 0 };
    throw new CliError(
      'the backend ended the watch without an end line',
      EXIT.failed,
    );
  }

  async #json<T>(send: Send): Promise<T> {
    const res = await this.#request(send);
    return (await res.json()) as T;
  }

  /** Sends with the token; a CliError for an unreachable portal or a non-2xx answer. */
  async #request(send: Send): Promise<Response> {
    let res: Response;
    try {
      res = await send({ token: this.#token });
    } catch (e) {
      throw new CliError(
        `cannot reach ${this.#base}: ${
          (e as Error).cause ?? (e as Error).message
        }`,
        EXIT.failed,
      );
    }
    if (!res.ok) {
      const text = await res.text();
      let message = text;
      try {
        message = JSON.parse(text).error?.message ?? text;
      } catch {
        // not JSON: the text as it is
      }
      const hint =
        res.status === 401
          ? ' (the token is missing, wrong or expired: set GRADUAL_TOKEN)'
          : '';
      throw new CliError(
        `${res.status} ${res.statusText}: ${message}${hint}`,
        exitCodeForStatus(res.status),
      );
    }
    return res;
  }
}

/**
 * The lines of an NDJSON body, parsed; stops early (without an error) when
 * the signal aborts.
 */
async function* ndjsonLines<E>(
  res: Response,
  signal?: AbortSignal,
): AsyncGenerator<E> {
  if (!res.body) return;
  const reader = res.body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => undefined);
  };
  signal?.addEventListener('abort', cancel);
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      if (signal?.aborted) return;
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) yield JSON.parse(line) as E;
    }
    if (buffered.trim()) yield JSON.parse(buffered) as E;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** One call of the generated client, given the request options (the token). */
type Send = (options: RequestOptions) => Promise<Response>;
