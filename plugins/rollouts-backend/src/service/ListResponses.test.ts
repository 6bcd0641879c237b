import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { ListResponses } from './ListResponses';

describe('ListResponses', () => {
  const clusters = JSON.stringify([{ name: 'c1', status: 'ok' }]);
  const item = (name: string, phase = 'Healthy') =>
    JSON.stringify({ name, phase });

  it('encodes the list answer: the JSON, the ETag Express would give it, and its gzip', async () => {
    const items = [item('a'), item('b')];
    const r = new ListResponses().response(
      'component:default/x',
      items,
      clusters,
    );
    const json = `{"items":[${items.join(',')}],"clusters":${clusters}}`;
    expect(JSON.parse(r.body.toString())).toEqual({
      items: [
        { name: 'a', phase: 'Healthy' },
        { name: 'b', phase: 'Healthy' },
      ],
      clusters: [{ name: 'c1', status: 'ok' }],
    });
    const hash = createHash('sha1').update(json).digest('base64').slice(0, 27);
    expect(r.etag).toBe(`W/"${Buffer.byteLength(json).toString(16)}-${hash}"`);
    expect(zlib.gunzipSync(await r.gzip()).toString()).toBe(json);
    // The gzip is made once.
    expect(r.gzip()).toBe(r.gzip());
  });

  it('reuses the answer while every item and the clusters are the same', () => {
    const cache = new ListResponses();
    const items = [item('a'), item('b')];
    const first = cache.response('e', items, clusters);
    expect(cache.response('e', [...items], clusters)).toBe(first);
  });

  it('builds a new answer when an item changes, appears, goes, or a cluster state changes', () => {
    const cache = new ListResponses();
    const a = item('a');
    const b = item('b');
    let last = cache.response('e', [a, b], clusters);
    const next = (items: string[], cl = clusters) => {
      const r = cache.response('e', items, cl);
      expect(r).not.toBe(last);
      last = r;
      return r;
    };
    expect(next([a, item('b', 'Degraded')]).body.toString()).toContain(
      'Degraded',
    );
    next([a]);
    next([a, b]);
    next([b, a]);
    expect(
      next([b, a], JSON.stringify([{ name: 'c1', status: 'error' }]))
        .body.toString()
        .endsWith('"status":"error"}]}'),
    ).toBe(true);
    // And the new answer is the one kept.
    expect(
      cache.response(
        'e',
        [b, a],
        JSON.stringify([{ name: 'c1', status: 'error' }]),
      ),
    ).toBe(last);
  });

  it('keeps entities apart and holds at most maxEntries, dropping the least recently viewed', () => {
    const cache = new ListResponses({ maxEntries: 2 });
    const items = [item('a')];
    const e1 = cache.response('e1', items, clusters);
    const e2 = cache.response('e2', [item('b')], clusters);
    expect(e2).not.toBe(e1);
    expect(cache.response('e1', items, clusters)).toBe(e1); // e1 viewed last
    cache.response('e3', items, clusters); // drops e2
    expect(cache.size).toBe(2);
    expect(cache.response('e1', items, clusters)).toBe(e1);
    expect(cache.response('e2', [item('b')], clusters)).not.toBe(e2);
  });
});
