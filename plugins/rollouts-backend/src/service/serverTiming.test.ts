import { serverTiming } from './serverTiming';

describe('serverTiming', () => {
  it('gives the duration since the start in milliseconds, two decimals', () => {
    expect(serverTiming('list', 10, 13.456)).toBe('list;dur=3.46');
    expect(serverTiming('list', 10, 9)).toBe('list;dur=0.00');
  });

  it('refuses a metric name that is not a token', () => {
    expect(() => serverTiming('a b', 0, 1)).toThrow(/not a Server-Timing/);
  });
});
