import { shortRef } from './deliveryLabels';
import { lastPageOffset } from './useDeliveriesList';

describe('shortRef', () => {
  it('drops the kind, and the namespace when it is the default one', () => {
    expect(shortRef('group:default/team-a')).toBe('team-a');
    expect(shortRef('system:payments/checkout')).toBe('payments/checkout');
    expect(shortRef(undefined)).toBe('');
  });
});

describe('lastPageOffset', () => {
  it('is the offset of the page holding the last row', () => {
    expect(lastPageOffset(0, 50)).toBe(0);
    expect(lastPageOffset(50, 50)).toBe(0);
    expect(lastPageOffset(51, 50)).toBe(50);
    expect(lastPageOffset(120, 25)).toBe(100);
  });
});
