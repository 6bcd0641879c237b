import { SignalCoalescer } from './SignalCoalescer';

describe('SignalCoalescer', () => {
  let sent: Array<{ key: string; items: string[] }>;
  let coalescer: SignalCoalescer<string>;
  const change = (...ids: string[]) =>
    ids.map(id => [id, `v:${id}`] as [string, string]);

  beforeEach(() => {
    jest.useFakeTimers();
    sent = [];
    coalescer = new SignalCoalescer<string>({
      windowMs: 200,
      send: (key, items) => sent.push({ key, items }),
    });
  });

  afterEach(() => {
    coalescer.stop();
    jest.useRealTimers();
  });

  it('sends the first change of a quiet key at once, without waiting for a timer', () => {
    coalescer.add('e1', change('a'));
    expect(sent).toEqual([{ key: 'e1', items: ['v:a'] }]);
    // Nothing else happened in the window: nothing more is sent.
    jest.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
    expect(coalescer.openKeys).toBe(0);
  });

  it('coalesces a burst into one trailing send per window, with everything that changed', () => {
    coalescer.add('e1', change('a'));
    jest.advanceTimersByTime(50);
    coalescer.add('e1', change('b'));
    coalescer.add('e1', change('a', 'c'));
    jest.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    jest.advanceTimersByTime(50); // the window (200 ms) ends
    expect(sent).toEqual([
      { key: 'e1', items: ['v:a'] },
      { key: 'e1', items: ['v:b', 'v:a', 'v:c'] },
    ]);
  });

  it('sends at most once per window while changes keep coming', () => {
    coalescer.add('e1', change('a'));
    for (let t = 0; t < 1000; t += 10) {
      coalescer.add('e1', change(`r${t}`));
      jest.advanceTimersByTime(10);
    }
    // 1 leading send + one per 200 ms window over 1 s.
    expect(sent).toHaveLength(6);
    jest.advanceTimersByTime(1000);
    expect(sent).toHaveLength(6);
    const ids = new Set(sent.flatMap(s => s.items));
    expect(ids.size).toBe(101); // no change was lost
  });

  it('is leading-edge again once a window passed quietly', () => {
    coalescer.add('e1', change('a'));
    jest.advanceTimersByTime(200);
    coalescer.add('e1', change('b'));
    expect(sent.map(s => s.items)).toEqual([['v:a'], ['v:b']]);
  });

  it('keeps keys apart', () => {
    coalescer.add('e1', change('a'));
    coalescer.add('e2', change('a'));
    coalescer.add('e1', change('b'));
    expect(sent).toEqual([
      { key: 'e1', items: ['v:a'] },
      { key: 'e2', items: ['v:a'] },
    ]);
    jest.advanceTimersByTime(200);
    expect(sent[2]).toEqual({ key: 'e1', items: ['v:b'] });
    expect(sent).toHaveLength(3);
  });

  it('sends nothing for an empty change and nothing after stop', () => {
    coalescer.add('e1', []);
    expect(sent).toHaveLength(0);
    coalescer.add('e1', change('a'));
    coalescer.add('e1', change('b'));
    coalescer.stop();
    jest.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
  });
});
