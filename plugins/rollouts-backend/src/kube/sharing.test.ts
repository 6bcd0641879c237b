import {
  EMPTY_OBJECT,
  sharedString,
  sharedTree,
  shareStrings,
} from './sharing';

describe('sharing', () => {
  it('sharedString returns an equal string, also for index-like ones', () => {
    for (const s of ['', 'a', '1', '007', 'registry.local/app:1.0.0', 'ünï'])
      expect(sharedString(s)).toBe(s);
    expect(sharedString(`x${'y'.repeat(3)}`)).toBe('xyyy');
  });

  it('shareStrings keeps the value as it is', () => {
    const value = JSON.parse(
      '{"a":"x","b":["1",{"c":"y"},2,null],"d":{"e":true,"f":"z"}}',
    );
    const copy = structuredClone(value);
    expect(shareStrings(value)).toBe(value);
    expect(value).toEqual(copy);
  });

  it('sharedTree gives one frozen instance per content', () => {
    const a = sharedTree({ canary: { steps: [{ setWeight: 5 }] } });
    const b = sharedTree(JSON.parse('{"canary":{"steps":[{"setWeight":5}]}}'));
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.canary.steps[0])).toBe(true);
    expect(() => {
      'use strict';
      (a.canary.steps as any).push({});
    }).toThrow(TypeError);
    const c = sharedTree({ canary: { steps: [{ setWeight: 6 }] } });
    expect(c).not.toBe(a);
    expect(c).toEqual({ canary: { steps: [{ setWeight: 6 }] } });
    expect(sharedTree({})).toBe(EMPTY_OBJECT);
    expect(sharedTree(undefined)).toBeUndefined();
    expect(sharedTree('s')).toBe('s');
  });
});
