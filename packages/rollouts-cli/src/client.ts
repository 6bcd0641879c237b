import type {
  ActionHistoryResponse,
  ActionRequest,
  ActionResponse,
  EntityRolloutsResponse,
  RolloutDetail,
  RolloutWaitEvent,
  RolloutWaitResult,
  RolloutWaitState,
  WaitTarget,
} from '@gradual/plugin-rollouts-common';
import { CliError, EXIT, exitCodeForStatus } from './exitCodes';
import { EntityName, RolloutName } from './names';

export type Fetch = typeof fetch;

const entityPath = (e: EntityName) =>
  `/entities/${[e.kind, e.namespace, e.name]
    .map(encodeURIComponent)
    .join('/')}/rollouts`;

const rolloutPath = (e: EntityName, r: RolloutName) =>
  `${entityPath(e)}/${[r.cluster, r.namespace, r.name]
    .map(encodeURIComponent)
    .join('/')}`;

/** The rollouts backend's REST API (`/api/rollouts`), with a bearer token. */
export class GradualClient {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: Fetch;

  constructor(options: { url: string; token: string; fetch?: Fetch }) {
    this.#base = `${options.url.replace(/\/+$/, '')}/api/rollouts`;
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
  }

  list(entity: EntityName): Promise<EntityRolloutsResponse> {
    return this.#json('GET', entityPath(entity));
  }

  get(entity: EntityName, rollout: RolloutName): Promise<RolloutDetail> {
    return this.#json('GET', rolloutPath(entity, rollout));
  }

  act(
    entity: EntityName,
    rollout: RolloutName,
    action: string,
    body: ActionRequest,
  ): Promise<ActionResponse> {
    return this.#json(
      'POST',
      `${rolloutPath(entity, rollout)}/actions/${encodeURIComponent(action)}`,
      body,
    );
  }

  history(
    entity: EntityName,
    rollout: RolloutName,
    limit?: number,
  ): Promise<ActionHistoryResponse> {
    const q = limit ? `?limit=${limit}` : '';
    return this.#json('GET', `${rolloutPath(entity, rollout)}/history${q}`);
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
    const q = new URLSearchParams({
      until: options.until,
      timeout: String(options.timeoutSeconds),
      progress: 'true',
    });
    const res = await this.#request(
      'GET',
      `${rolloutPath(entity, rollout)}/status?${q}`,
    );
    const decoder = new TextDecoder();
    let buffered = '';
    let result: RolloutWaitResult | undefined;
    const handle = (line: string) => {
      if (!line.trim()) return;
      const event = JSON.parse(line) as RolloutWaitEvent;
      if (event.type === 'progress') options.onProgress?.(event.state);
      else if (event.type === 'result') result = event.result;
      else throw new CliError(event.error.message, EXIT.failed);
    };
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(handle);
    }
    handle(buffered);
    if (!result) {
      throw new CliError(
        'the backend ended the wait without a result',
        EXIT.failed,
      );
    }
    return result;
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.#request(method, path, body);
    return (await res.json()) as T;
  }

  async #request(method: string, path: string, body?: unknown) {
    let res: Response;
    try {
      res = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.#token}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
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
