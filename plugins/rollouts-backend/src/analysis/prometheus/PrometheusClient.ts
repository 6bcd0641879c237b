/**
 * A minimal client of Prometheus' HTTP API (`/api/v1/query`,
 * `/api/v1/query_range`). The base URL always comes from configuration:
 * nothing in a request chooses where it connects, and redirects are refused.
 */

/** A sample value as Prometheus sends it: a string such as "0.95", "NaN" or "+Inf". */
export type RawSampleValue = string;

export type PrometheusValue =
  | { resultType: 'scalar'; value: RawSampleValue }
  | { resultType: 'vector'; values: RawSampleValue[] }
  | { resultType: 'matrix'; series: RawSampleValue[][] }
  | { resultType: 'string'; value: string };

export interface PrometheusResponse {
  value: PrometheusValue;
  warnings: string[];
}

export class PrometheusQueryError extends Error {
  name = 'PrometheusQueryError';
}

/** Parses Prometheus' float format ("NaN", "+Inf", "-Inf" included). */
export function parseSampleValue(raw: RawSampleValue): number {
  switch (raw) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return Number(raw);
  }
}

export interface PrometheusClientOptions {
  /** Base URL of Prometheus, from config, e.g. `http://127.0.0.1:19090`. */
  baseUrl: string;
  /** Time limit of one query in milliseconds. */
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

interface ApiEnvelope {
  status?: string;
  error?: string;
  errorType?: string;
  warnings?: string[];
  data?: { resultType?: string; result?: unknown };
}

type Sample = [number, string];

function decode(data: ApiEnvelope['data']): PrometheusValue {
  const result = data?.result as any;
  switch (data?.resultType) {
    case 'scalar':
      return { resultType: 'scalar', value: String((result as Sample)[1]) };
    case 'string':
      return { resultType: 'string', value: String((result as Sample)[1]) };
    case 'vector':
      return {
        resultType: 'vector',
        values: (result as Array<{ value: Sample }>).map(s =>
          String(s.value[1]),
        ),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        series: (result as Array<{ values: Sample[] }>).map(s =>
          s.values.map(v => String(v[1])),
        ),
      };
    default:
      throw new PrometheusQueryError(
        `unexpected Prometheus result type ${data?.resultType}`,
      );
  }
}

export class PrometheusClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs;
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  /** An instant query (`/api/v1/query`) evaluated now, or at `time`. */
  query(query: string, options: { time?: Date; timeoutMs?: number } = {}) {
    const params = new URLSearchParams({ query });
    if (options.time) params.set('time', String(options.time.getTime() / 1000));
    return this.call('/api/v1/query', params, options.timeoutMs);
  }

  /** A range query (`/api/v1/query_range`) from `start` to `end` every `stepSeconds`. */
  queryRange(
    query: string,
    range: { start: Date; end: Date; stepSeconds: number },
    options: { timeoutMs?: number } = {},
  ) {
    const params = new URLSearchParams({
      query,
      start: String(range.start.getTime() / 1000),
      end: String(range.end.getTime() / 1000),
      step: String(range.stepSeconds),
    });
    return this.call('/api/v1/query_range', params, options.timeoutMs);
  }

  private async call(
    path: string,
    params: URLSearchParams,
    timeoutMs = this.timeoutMs,
  ): Promise<PrometheusResponse> {
    const timeout = Math.min(timeoutMs, this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: params.toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(timeout),
      });
    } catch (error: any) {
      if (error?.name === 'TimeoutError' || error?.name === 'AbortError') {
        throw new PrometheusQueryError(
          `Prometheus did not answer within ${timeout} ms`,
        );
      }
      throw new PrometheusQueryError(
        `Prometheus is unreachable: ${
          error?.cause?.message ?? error?.message ?? error
        }`,
      );
    }
    let body: ApiEnvelope;
    try {
      body = (await response.json()) as ApiEnvelope;
    } catch {
      throw new PrometheusQueryError(
        `Prometheus answered ${response.status} with a body that is not JSON`,
      );
    }
    if (!response.ok || body.status !== 'success') {
      const detail = body.error
        ? `${body.errorType ?? 'error'}: ${body.error}`
        : `HTTP ${response.status}`;
      throw new PrometheusQueryError(
        `Prometheus rejected the query: ${detail}`,
      );
    }
    return { value: decode(body.data), warnings: body.warnings ?? [] };
  }
}
