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

  describe('with a burst of 3 per window', () => {
    let bursty: SignalCoalescer<string>;
    let times: number[];
    let start: number;

    beforeEach(() => {
      start = Date.now();
      times = [];
      bursty = new SignalCoalescer<string>({
        windowMs: 200,
        burst: 3,
        send: (key, items) => {
          times.push(Date.now() - start);
          sent.push({ key, items });
        },
      });
    });

    afterEach(() => bursty.stop());

    it('sends up to 3 changes at once, then the rest when the oldest send leaves the window', () => {
      bursty.add('e1', change('a'));
      jest.advanceTimersByTime(30);
      bursty.add('e1', change('b'));
      jest.advanceTimersByTime(30);
      bursty.add('e1', change('c'));
      bursty.add('e1', change('d'));
      bursty.add('e1', change('e', 'd'));
      expect(sent.map(s => s.items)).toEqual([['v:a'], ['v:b'], ['v:c']]);
      jest.advanceTimersByTime(139);
      expect(sent).toHaveLength(3);
      jest.advanceTimersByTime(1); // 200 ms after the first send
      expect(sent.map(s => s.items)).toEqual([
        ['v:a'],
        ['v:b'],
        ['v:c'],
        ['v:d', 'v:e'],
      ]);
      expect(times).toEqual([0, 30, 60, 200]);
      // Once the window has emptied, the next change goes out at once again.
      jest.advanceTimersByTime(200);
      bursty.add('e1', change('f'));
      expect(sent).toHaveLength(5);
    });

    it('never sends more than 3 times in any 200 ms of a storm, delays no change more than 200 ms, and loses nothing', () => {
      const addedAt = new Map<string, number>();
      for (let t = 0; t < 2000; t += 5) {
        addedAt.set(`r${t}`, t);
        bursty.add('e1', change(`r${t}`));
        jest.advanceTimersByTime(5);
      }
      jest.advanceTimersByTime(1000);
      for (let i = 3; i < times.length; i++)
        expect(times[i] - times[i - 3]).toBeGreaterThanOrEqual(200);
      // Each change was sent with the first send at or after it, within 200 ms.
      for (const [id, t] of addedAt) {
        const k = sent.findIndex(s => s.items.includes(`v:${id}`));
        expect(k).toBeGreaterThanOrEqual(0);
        expect(times[k] - t).toBeGreaterThanOrEqual(0);
        expect(times[k] - t).toBeLessThanOrEqual(200);
      }
      // 2 s of storm: 3 per 200 ms window (plus the window the storm ends in).
      expect(sent.length).toBeLessThanOrEqual(33);
      expect(bursty.openKeys).toBe(0);
    });

    it('sends a steady sequence within the budget at once', () => {
      // A change every 70 ms: never more than 3 in any 200 ms.
      for (let t = 0; t < 1400; t += 70) {
        bursty.add('e1', change(`r${t}`));
        jest.advanceTimersByTime(70);
      }
      expect(times).toEqual(Array.from({ length: 20 }, (_, i) => i * 70));
    });

    it('falls back to one send per window in a storm, and is leading-edge again after a quiet window', () => {
      for (let t = 0; t < 1000; t += 5) {
        bursty.add('e1', change(`r${t}`));
        jest.advanceTimersByTime(5);
      }
      // 3 at once, then one trailing send per 200 ms (at 200, 400, 600, 800, 1000).
      expect(times).toEqual([0, 5, 10, 200, 400, 600, 800, 1000]);
      jest.advanceTimersByTime(200); // the last trailing send leaves its window
      expect(bursty.openKeys).toBe(0);
      expect(new Set(sent.flatMap(s => s.items)).size).toBe(200);
      bursty.add('e1', change('a'));
      bursty.add('e1', change('b'));
      expect(sent.slice(-2).map(s => s.items)).toEqual([['v:a'], ['v:b']]);
    });
  });
  describe('with a burst of 3 and a gather of 20 ms', () => {
    let gathering: SignalCoalescer<string>;
    let times: number[];
    let start: number;

    beforeEach(() => {
      start = Date.now();
      times = [];
      gathering = new SignalCoalescer<string>({
        windowMs: 200,
        burst: 3,
        gatherMs: 20,
        send: (key, items) => {
          times.push(Date.now() - start);
          sent.push({ key, items });
        },
      });
    });

    afterEach(() => gathering.stop());

    it('sends a change at once and its copies of the next 20 ms in one send', () => {
      gathering.add('e1', change('a'));
      expect(sent.map(s => s.items)).toEqual([['v:a']]);
      // Nine copies of the change (other cluster entries) within a few ms.
      for (let i = 1; i < 10; i++) {
        jest.advanceTimersByTime(1);
        gathering.add('e1', change(`c${i}/a`));
      }
      expect(sent).toHaveLength(1);
      jest.advanceTimersByTime(11); // the gather ends, 20 ms after the send
      expect(times).toEqual([0, 20]);
      expect(sent[1].items).toHaveLength(9);
      // A follow-up later still goes out at once: the burst (3) was not used up.
      jest.advanceTimersByTime(30);
      gathering.add('e1', change('a'));
      expect(times).toEqual([0, 20, 50]);
      jest.advanceTimersByTime(400);
      expect(gathering.openKeys).toBe(0);
    });

    it('is leading-edge again once the gather and the window passed', () => {
      gathering.add('e1', change('a'));
      jest.advanceTimersByTime(20);
      gathering.add('e1', change('b')); // after the gather: at once
      expect(times).toEqual([0, 20]);
      jest.advanceTimersByTime(300);
      expect(gathering.openKeys).toBe(0);
      gathering.add('e1', change('c'));
      expect(times).toEqual([0, 20, 320]);
    });

    it('waits for the window when a gather ends with the burst used up, then storms', () => {
      for (let t = 0; t < 1000; t += 5) {
        gathering.add('e1', change(`r${t}`));
        jest.advanceTimersByTime(5);
      }
      jest.advanceTimersByTime(400);
      // At once, then two gathers' sends (the burst of 3), then one per window.
      expect(times).toEqual([0, 20, 40, 200, 400, 600, 800, 1000]);
      for (let i = 3; i < times.length; i++)
        expect(times[i] - times[i - 3]).toBeGreaterThanOrEqual(200);
      expect(new Set(sent.flatMap(s => s.items)).size).toBe(200);
      expect(gathering.openKeys).toBe(0);
    });

    it('delays no change by more than the window and loses none', () => {
      const addedAt = new Map<string, number>();
      // Irregular changes: bursts of copies, pauses, a storm.
      const at = (id: string) => {
        addedAt.set(id, Date.now() - start);
        gathering.add('e1', change(id));
      };
      for (let i = 0; i < 300; i++) {
        at(`r${i}`);
        // A fixed, irregular sequence of pauses (1 ms copies to quiet windows).
        jest.advanceTimersByTime(
          [1, 2, 7, 25, 60, 130, 260][(i * 5 + (i >> 3)) % 7],
        );
      }
      jest.advanceTimersByTime(1000);
      for (const [id, addedT] of addedAt) {
        const k = sent.findIndex(s => s.items.includes(`v:${id}`));
        expect(k).toBeGreaterThanOrEqual(0);
        expect(times[k] - addedT).toBeGreaterThanOrEqual(0);
        expect(times[k] - addedT).toBeLessThanOrEqual(200);
      }
      for (let i = 3; i < times.length; i++)
        expect(times[i] - times[i - 3]).toBeGreaterThanOrEqual(200);
      expect(gathering.openKeys).toBe(0);
    });

    it('refuses a gather as long as the window', () => {
      expect(
        () =>
          new SignalCoalescer<string>({
            windowMs: 200,
            gatherMs: 200,
            send: () => {},
          }),
      ).toThrow(/gatherMs \(200\) must be shorter than windowMs \(200\)/);
    });
  });
});
