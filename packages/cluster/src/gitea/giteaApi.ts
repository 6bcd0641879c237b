/*
 * The few Gitea REST calls the local Git host's seeding needs (token auth).
 * Every non-2xx answer becomes an error naming the call and Gitea's message.
 */
export class GiteaApiError extends Error {
  constructor(readonly status: number, readonly call: string, body: string) {
    super(`Gitea ${call} answered ${status}: ${body.slice(0, 500)}`);
  }
}

export class GiteaApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request<T = unknown>(
    method: string,
    apiPath: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${apiPath}`, {
      method,
      headers: {
        Authorization: `token ${this.token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok)
      throw new GiteaApiError(res.status, `${method} ${apiPath}`, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** GET that answers undefined on 404. */
  async find<T = unknown>(apiPath: string): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', apiPath);
    } catch (e) {
      if (e instanceof GiteaApiError && e.status === 404) return undefined;
      throw e;
    }
  }
}
