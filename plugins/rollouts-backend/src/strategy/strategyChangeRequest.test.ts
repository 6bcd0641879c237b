import { parseStrategyChangeRequest } from './strategyChangeRequest';

const spec = { strategy: 'canary', steps: [{ setWeight: 20 }] };

describe('parseStrategyChangeRequest', () => {
  it('reads the spec, the dry-run flag and the expected resourceVersion', () => {
    expect(
      parseStrategyChangeRequest({
        spec,
        dryRun: true,
        expected: { resourceVersion: '4' },
      }),
    ).toMatchObject({
      spec: { strategy: 'canary' },
      dryRun: true,
      expected: { resourceVersion: '4' },
    });
  });

  it('applies unless dryRun is exactly true, and has no expected when none is given', () => {
    const request = parseStrategyChangeRequest({ spec, dryRun: 'yes' });
    expect(request.dryRun).toBe(false);
    expect('expected' in request).toBe(false);
  });

  it('answers 400 for a missing or invalid spec', () => {
    expect(() => parseStrategyChangeRequest(undefined)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
    expect(() =>
      parseStrategyChangeRequest({ spec: { strategy: 'sideways' } }),
    ).toThrow(expect.objectContaining({ name: 'InputError' }));
  });
});
