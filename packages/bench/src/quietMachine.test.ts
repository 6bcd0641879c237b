import { busyShare, cpuTimesOf, waitForQuietMachine } from './quietMachine';

describe('cpuTimesOf', () => {
  it('reads busy and total jiffies from the aggregate cpu line', () => {
    const stat = [
      'cpu  100 5 50 800 20 3 2 0 0 0',
      'cpu0 50 2 25 400 10 1 1 0 0 0',
      'intr 12345',
    ].join('\n');
    // busy: user + nice + system + irq + softirq + steal; idle + iowait is not.
    expect(cpuTimesOf(stat)).toEqual({ busy: 160, total: 980 });
  });

  it('refuses a file without the aggregate line', () => {
    expect(() => cpuTimesOf('cpu0 1 2 3 4\n')).toThrow(/no aggregate cpu line/);
    expect(() => cpuTimesOf('cpu  a b c d\n')).toThrow(/cannot read/);
  });
});

describe('busyShare', () => {
  it('is the busy part of the time between two readings', () => {
    expect(
      busyShare({ busy: 100, total: 1000 }, { busy: 150, total: 1200 }),
    ).toBe(0.25);
    expect(busyShare({ busy: 1, total: 10 }, { busy: 1, total: 10 })).toBe(0);
  });
});

describe('waitForQuietMachine', () => {
  it('reads this machine and returns within its timeout', async () => {
    const r = await waitForQuietMachine({
      maxBusy: 1.01, // every window counts as quiet
      windows: 1,
      timeoutMs: 5000,
    });
    expect(r.quiet).toBe(true);
    expect(r.lastBusy).toBeGreaterThanOrEqual(0);
    expect(r.lastBusy).toBeLessThanOrEqual(1);
    const never = await waitForQuietMachine({
      maxBusy: 0, // no window is quiet
      windows: 1,
      timeoutMs: 1500,
    });
    expect(never.quiet).toBe(false);
    expect(never.waitedMs).toBeGreaterThanOrEqual(1500);
  });
});
