import { parseEntityRef } from '@backstage/catalog-model';
import { DeliveryStatus } from '@gradual/plugin-rollouts-common';

export const STATUS_LABELS: Record<DeliveryStatus, string> = {
  progressing: 'Progressing',
  paused: 'Paused',
  degraded: 'Degraded',
  healthy: 'Healthy',
};

export const ATTENTION_LABELS: Record<string, string> = {
  degraded: 'degraded',
  aborted: 'aborted',
  'waiting-for-promotion': 'waiting for promotion',
};

/** An entity ref without its kind, and without the default namespace. */
export const shortRef = (ref?: string) => {
  if (!ref) return '';
  const e = parseEntityRef(ref);
  return e.namespace === 'default' ? e.name : `${e.namespace}/${e.name}`;
};
