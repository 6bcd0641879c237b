import { KubeObject } from '@gradual/plugin-rollouts-common';
import { GroupIndex } from './GroupIndex';

const obj = (uid: string, rv = '1'): KubeObject => ({
  metadata: { name: uid, namespace: 'ns', uid, resourceVersion: rv },
});

describe('GroupIndex', () => {
  it('keeps one object, then several, by uid, and drops empty groups', () => {
    const index = new GroupIndex();
    expect(index.get('owner')).toEqual([]);
    const a = obj('a');
    index.add('owner', a);
    expect(index.get('owner')).toEqual([a]);
    // The same uid again replaces it (a newer version of the object).
    const a2 = obj('a', '2');
    index.add('owner', a2);
    expect(index.get('owner')).toEqual([a2]);
    const b = obj('b');
    const c = obj('c');
    index.add('owner', b);
    index.add('owner', c);
    expect(index.get('owner')).toEqual([a2, b, c]);
    index.delete('owner', 'b');
    expect(index.get('owner')).toEqual([a2, c]);
    index.delete('owner', 'a');
    expect(index.get('owner')).toEqual([c]);
    // A uid not in the group changes nothing.
    index.delete('owner', 'zzz');
    expect(index.get('owner')).toEqual([c]);
    index.delete('owner', 'c');
    expect(index.get('owner')).toEqual([]);
    index.delete('owner', 'c');
    expect(index.get('other')).toEqual([]);
  });

  it('keeps groups apart', () => {
    const index = new GroupIndex();
    const a = obj('a');
    const b = obj('b');
    index.add('x', a);
    index.add('y', b);
    index.delete('x', 'b');
    expect(index.get('x')).toEqual([a]);
    expect(index.get('y')).toEqual([b]);
  });
});
