import { DeliveryTransition } from '@gradual/plugin-rollouts-common';
import { computeDeliveryMetrics, percentile } from './computeDeliveryMetrics';

const t = (
  at: string,
  kind: DeliveryTransition['kind'],
  revision: string,
  extra: Partial<DeliveryTransition> = {},
): DeliveryTransition => ({
  cluster: 'c1',
  namespace: 'shop',
  name: 'web',
  at: `2026-12-01T${at}Z`,
  kind,
  revision,
  ...extra,
});

describe('computeDeliveryMetrics', () => {
  it('counts a deploy, a promote, an abort by analysis and an undo', () => {
    const m = computeDeliveryMetrics([
      t('10:00:00', 'started', '2'),
      t('10:00:05', 'paused', '2', { step: 1, reason: 'manual' }),
      t('10:02:05', 'promoted', '2', { step: 1, reason: 'manual' }),
      t('10:04:00', 'completed', '2'),
      t('11:00:00', 'started', '3'),
      t('11:01:00', 'aborted', '3', { reason: 'analysis', detail: 'err' }),
      t('11:02:00', 'started', '4', { reason: 'rollback' }),
      t('11:02:10', 'completed', '4'),
    ]);
    expect(m).toMatchObject({
      deployments: 2,
      completed: 1,
      aborts: 1,
      rollbacks: 1,
      changeFailureRate: 0.5,
      leadTimeMs: { median: 240_000, p90: 240_000, samples: 1 },
      manualWaitMs: { total: 120_000, median: 120_000, pauses: 1 },
      abortReasons: { analysis: 1, manual: 0, 'progress-deadline': 0 },
    });
    expect(m.daily).toEqual([
      {
        day: '2026-12-01',
        deployments: 2,
        aborts: 1,
        rollbacks: 1,
        leadTimeMedianMs: 240_000,
      },
    ]);
  });

  it('counts a deployment followed by a rollback as failed, and timed pauses as no wait', () => {
    const m = computeDeliveryMetrics([
      t('09:00:00', 'started', '5'),
      t('09:00:01', 'paused', '5', { step: 1, reason: 'timed' }),
      t('09:00:31', 'promoted', '5', { step: 1, reason: 'timed' }),
      t('09:01:00', 'completed', '5'),
      t('09:30:00', 'started', '6', { reason: 'rollback' }),
      t('09:31:00', 'started', '7', { name: 'api' }),
    ]);
    expect(m.deployments).toBe(2);
    expect(m.rollbacks).toBe(1);
    expect(m.changeFailureRate).toBe(0.5);
    expect(m.manualWaitMs).toEqual({ total: 0, median: null, pauses: 0 });
  });

  it('answers nulls without deployments', () => {
    const m = computeDeliveryMetrics([]);
    expect(m.changeFailureRate).toBeNull();
    expect(m.leadTimeMs).toEqual({ median: null, p90: null, samples: 0 });
  });

  it('takes nearest-rank percentiles', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
  });
});
