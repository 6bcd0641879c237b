import { waitFor, WaitTimeoutError } from './waitFor';

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : false), {
      timeoutMs: 5000,
      intervalMs: 1,
    });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats exceptions as "not yet" and reports the last one on timeout', async () => {
    const error = await waitFor(
      () => {
        throw new Error('boom');
      },
      { timeoutMs: 50, intervalMs: 5, description: 'the thing' },
    ).catch(e => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toMatch(/waiting for the thing \(last error: boom\)/);
  });

  it('accepts 0 and empty strings as values (only false/null/undefined mean not yet)', async () => {
    await expect(waitFor(() => 0, { timeoutMs: 100 })).resolves.toBe(0);
    await expect(waitFor(() => '', { timeoutMs: 100 })).resolves.toBe('');
  });
});
