import { MessageWaiters } from './messageWaiters';

describe('MessageWaiters', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves each waiter with the time of the first message it matches, once', async () => {
    const waiters = new MessageWaiters<{ name: string }>();
    const a = waiters.next(m => m.name === 'a', 1000);
    const b = waiters.next(m => m.name === 'b', 1000);
    waiters.received({ name: 'b' }, 5n);
    waiters.received({ name: 'a' }, 7n);
    waiters.received({ name: 'a' }, 9n);
    await expect(a).resolves.toBe(7n);
    await expect(b).resolves.toBe(5n);
  });

  it('resolves undefined after the timeout, and a later match no longer counts', async () => {
    const waiters = new MessageWaiters<string>();
    const late = waiters.next(m => m === 'x', 100);
    jest.advanceTimersByTime(100);
    await expect(late).resolves.toBeUndefined();
    waiters.received('x', 1n);
    const next = waiters.next(m => m === 'x', 100);
    waiters.received('x', 2n);
    await expect(next).resolves.toBe(2n);
  });
});
