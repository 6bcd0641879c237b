import { DeliveryItem } from '@gradual/plugin-rollouts-common';
import { sortDeliveries } from './sortDeliveries';

const item = (
  cluster: string,
  namespace: string,
  name: string,
  more: Partial<DeliveryItem> = {},
): DeliveryItem => ({
  cluster,
  namespace,
  name,
  strategy: 'canary',
  phase: 'Healthy',
  status: 'healthy',
  message: '',
  step: null,
  setWeight: null,
  revision: '1',
  images: [],
  aborted: false,
  entities: [],
  ...more,
});

const ids = (items: DeliveryItem[]) =>
  items.map(d => `${d.cluster}/${d.namespace}/${d.name}`);

describe('sortDeliveries', () => {
  it('by status: degraded, paused (needing attention first), progressing, healthy; ties by cluster, namespace, name', () => {
    const items = [
      item('b', 'x', 'ok'),
      item('a', 'y', 'ok'),
      item('a', 'x', 'ok'),
      item('a', 'x', 'timed-pause', { status: 'paused', phase: 'Paused' }),
      item('z', 'x', 'held', {
        status: 'paused',
        phase: 'Paused',
        attention: 'waiting-for-promotion',
      }),
      item('a', 'x', 'going', { status: 'progressing', phase: 'Progressing' }),
      item('z', 'z', 'broken', {
        status: 'degraded',
        phase: 'Degraded',
        attention: 'degraded',
      }),
    ];
    expect(ids(sortDeliveries(items))).toEqual([
      'z/z/broken',
      'z/x/held',
      'a/x/timed-pause',
      'a/x/going',
      'a/x/ok',
      'a/y/ok',
      'b/x/ok',
    ]);
  });

  it('in the order of localeCompare (case and punctuation as the locale orders them)', () => {
    const names = ['web-b', 'Web', 'web.a', 'api', 'web', 'Api-2', 'webb'];
    const sorted = ids(
      sortDeliveries(
        names.map(n => item('c', 'n', n)),
        'name',
      ),
    );
    expect(sorted).toEqual(
      [...names].sort((a, b) => a.localeCompare(b)).map(n => `c/n/${n}`),
    );
  });

  it('descending reverses the column only: ties stay in identity order', () => {
    const items = [
      item('b', 'n', 'web'),
      item('a', 'n', 'api'),
      item('a', 'n', 'web'),
    ];
    expect(ids(sortDeliveries(items, 'name', 'desc'))).toEqual([
      'a/n/web',
      'b/n/web',
      'a/n/api',
    ]);
  });

  it('by owner and system of the first entity, deliveries without one first', () => {
    const owned = (name: string, owner?: string, system?: string) =>
      item('c', 'n', name, {
        entities: [{ entityRef: `component:default/${name}`, owner, system }],
      });
    const items = [
      owned('a', 'group:default/team-b', 'system:default/x'),
      owned('b', 'group:default/team-a', 'system:default/y'),
      item('c', 'n', 'orphan'),
    ];
    expect(sortDeliveries([...items], 'owner').map(d => d.name)).toEqual([
      'orphan',
      'b',
      'a',
    ]);
    expect(sortDeliveries([...items], 'system').map(d => d.name)).toEqual([
      'orphan',
      'a',
      'b',
    ]);
  });

  it('by update time (missing first), strategy, cluster and namespace', () => {
    const items = [
      item('b', 'n2', 'x', { updatedAt: '2026-12-02T10:00:00Z' }),
      item('a', 'n1', 'y', {
        updatedAt: '2026-12-01T10:00:00Z',
        strategy: 'blueGreen',
      }),
      item('c', 'n0', 'z'),
    ];
    expect(sortDeliveries([...items], 'updated').map(d => d.name)).toEqual([
      'z',
      'y',
      'x',
    ]);
    expect(sortDeliveries([...items], 'strategy').map(d => d.name)).toEqual([
      'y',
      'x',
      'z',
    ]);
    expect(sortDeliveries([...items], 'cluster').map(d => d.name)).toEqual([
      'y',
      'x',
      'z',
    ]);
    expect(sortDeliveries([...items], 'namespace').map(d => d.name)).toEqual([
      'z',
      'y',
      'x',
    ]);
  });
});
