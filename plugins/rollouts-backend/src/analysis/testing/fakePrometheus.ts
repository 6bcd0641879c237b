import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakePrometheusRequest {
  path: string;
  query: string;
  params: URLSearchParams;
}

/** The JSON body and status a handler answers with. */
export interface FakePrometheusAnswer {
  status?: number;
  body: unknown;
  delayMs?: number;
}

/** Builders for Prometheus API bodies. */
export const prometheusBody = {
  vector: (...values: string[]) => ({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((v, i) => ({
        metric: { i: String(i) },
        value: [1700000000, v],
      })),
    },
  }),
  scalar: (value: string) => ({
    status: 'success',
    data: { resultType: 'scalar', result: [1700000000, value] },
  }),
  matrix: (...series: string[][]) => ({
    status: 'success',
    data: {
      resultType: 'matrix',
      result: series.map((values, i) => ({
        metric: { i: String(i) },
        values: values.map((v, t) => [1700000000 + t, v]),
      })),
    },
  }),
  error: (error: string) => ({ status: 'error', errorType: 'bad_data', error }),
};

/**
 * A local HTTP server standing in for Prometheus' responses (a test double of
 * an HTTP peer): it answers POSTed `/api/v1/query` and `/api/v1/query_range`
 * with whatever the handler returns, and records the requests.
 */
export async function startFakePrometheus(
  handler: (request: FakePrometheusRequest) => FakePrometheusAnswer,
) {
  const requests: FakePrometheusRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      const request = {
        path: req.url ?? '',
        query: params.get('query') ?? '',
        params,
      };
      requests.push(request);
      const answer = handler(request);
      setTimeout(() => {
        res.writeHead(answer.status ?? 200, {
          'content-type': 'application/json',
        });
        res.end(JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
