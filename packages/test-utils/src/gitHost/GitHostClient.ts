/*
 * The tests' client of the local Git host: Gitea's REST API (/api/v1) with
 * the admin token. Every non-2xx answer becomes an error naming the call and
 * Gitea's message.
 */
import { GitHost } from './requireGitHost';

export class GitHostError extends Error {
  constructor(readonly status: number, call: string, body: string) {
    super(`Gitea ${call} answered ${status}: ${body.slice(0, 500)}`);
    this.name = 'GitHostError';
  }
}

export class GitHostClient {
  constructor(private readonly host: Pick<GitHost, 'url' | 'token'>) {}

  /** `method` on `/api/v1${apiPath}` with a JSON body; the parsed answer. */
  async request<T = unknown>(
    method: string,
    apiPath: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(`${this.host.url}/api/v1${apiPath}`, {
      method,
      headers: {
        Authorization: `token ${this.host.token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok)
      throw new GitHostError(res.status, `${method} ${apiPath}`, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
