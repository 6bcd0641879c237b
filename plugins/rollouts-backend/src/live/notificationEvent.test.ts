import { KubeObject } from '@gradual/plugin-rollouts-common';
import { notificationEvent } from './notificationEvent';

const rollout = (status: any): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { namespace: 'shop', name: 'web', uid: 'u1' },
  status,
});

describe('notificationEvent', () => {
  const conditions = [
    { type: 'Progressing', lastTransitionTime: '2026-12-02T10:00:05Z' },
    { type: 'Available', lastTransitionTime: '2026-12-02T10:00:09Z' },
    { type: 'Paused', lastTransitionTime: '2026-12-02T09:59:00Z' },
  ];

  it('names an abort by its abortedAt, whatever the conditions', () => {
    const a = notificationEvent(
      'c1',
      rollout({ abortedAt: '2026-12-02T10:00:00Z', conditions }),
      '3',
      'aborted',
    );
    expect(a).toBe('c1/shop/web/u1:3:aborted:2026-12-02T10:00:00Z');
    // Another abort of the same revision (after a retry) is another event.
    expect(
      notificationEvent(
        'c1',
        rollout({ abortedAt: '2026-12-02T10:05:00Z', conditions }),
        '3',
        'aborted',
      ),
    ).not.toBe(a);
  });

  it('names a Degraded by the newest condition transition', () => {
    expect(
      notificationEvent('c1', rollout({ conditions }), '3', 'degraded'),
    ).toBe('c1/shop/web/u1:3:degraded:2026-12-02T10:00:09Z');
    expect(notificationEvent('c1', rollout({}), '3', 'degraded')).toBe(
      'c1/shop/web/u1:3:degraded:',
    );
  });
});
