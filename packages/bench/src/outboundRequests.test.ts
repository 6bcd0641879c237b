import http from 'node:http';
import net from 'node:net';
import {
  OutboundRequests,
  outboundDelta,
  requestKey,
} from './outboundRequests';

describe('requestKey', () => {
  it('tells LIST, GET and WATCH apart and drops the query', () => {
    expect(requestKey('get', '/api/v1/pods?labelSelector=a%3Db')).toBe(
      'LIST /api/v1/pods',
    );
    expect(requestKey('GET', '/api/v1/namespaces/x/pods')).toBe(
      'LIST /api/v1/namespaces/x/pods',
    );
    expect(requestKey('GET', '/api/v1/namespaces/x/pods/p')).toBe(
      'GET /api/v1/namespaces/x/pods/p',
    );
    expect(
      requestKey('GET', '/apis/argoproj.io/v1alpha1/rollouts?watch=true&rv=1'),
    ).toBe('WATCH /apis/argoproj.io/v1alpha1/rollouts');
    expect(
      requestKey('GET', '/apis/argoproj.io/v1alpha1/namespaces/n/rollouts'),
    ).toBe('LIST /apis/argoproj.io/v1alpha1/namespaces/n/rollouts');
    expect(
      requestKey('PATCH', '/apis/apps/v1/namespaces/n/replicasets/r'),
    ).toBe('PATCH /apis/apps/v1/namespaces/n/replicasets/r');
    expect(requestKey('GET', '/version')).toBe('GET /version');
  });
});

describe('OutboundRequests', () => {
  it('counts http and fetch requests by bearer token', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const counter = new OutboundRequests().start();
    try {
      const before = counter.snapshot('t1');
      await new Promise<void>((resolve, reject) => {
        http
          .get(
            {
              host: '127.0.0.1',
              port,
              path: '/api/v1/pods?watch=1',
              // node-fetch v2 passes header values as arrays
              headers: { Authorization: ['Bearer t1'] },
            },
            res => {
              res.resume();
              res.on('end', resolve);
            },
          )
          .on('error', reject);
      });
      await (
        await fetch(`http://127.0.0.1:${port}/api/v1/pods`, {
          headers: { Authorization: 'Bearer t1' },
        })
      ).text();
      await (
        await fetch(`http://127.0.0.1:${port}/api/v1/pods`, {
          headers: { Authorization: 'Bearer t2' },
        })
      ).text();
      await (await fetch(`http://127.0.0.1:${port}/api/v1/pods`)).text();
      expect(
        Object.fromEntries(outboundDelta(before, counter.snapshot('t1'))),
      ).toEqual({ 'WATCH /api/v1/pods': 1, 'LIST /api/v1/pods': 1 });
      expect(Object.fromEntries(counter.snapshot('t2'))).toEqual({
        'LIST /api/v1/pods': 1,
      });
    } finally {
      counter.stop();
      await new Promise(r => server.close(r));
    }
  });
});
