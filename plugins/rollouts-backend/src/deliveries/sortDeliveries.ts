import { DeliveryItem, DeliverySortKey } from '@gradual/plugin-rollouts-common';

/** Needs a person first: degraded, paused, progressing, healthy. */
const STATUS_ORDER: Record<string, number> = {
  degraded: 0,
  paused: 1,
  progressing: 2,
  healthy: 3,
};

const firstOwner = (d: DeliveryItem) => d.entities[0]?.owner ?? '';
const firstSystem = (d: DeliveryItem) => d.entities[0]?.system ?? '';

const COLUMNS: Record<
  DeliverySortKey,
  (a: DeliveryItem, b: DeliveryItem) => number
> = {
  name: (a, b) => a.name.localeCompare(b.name),
  cluster: (a, b) => a.cluster.localeCompare(b.cluster),
  namespace: (a, b) => a.namespace.localeCompare(b.namespace),
  status: (a, b) =>
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    Number(!a.attention) - Number(!b.attention),
  owner: (a, b) => firstOwner(a).localeCompare(firstOwner(b)),
  system: (a, b) => firstSystem(a).localeCompare(firstSystem(b)),
  strategy: (a, b) => a.strategy.localeCompare(b.strategy),
  updated: (a, b) => (a.updatedAt ?? '').localeCompare(b.updatedAt ?? ''),
};

/** Ties broken by cluster, namespace, name: pages are stable. */
const identity = (a: DeliveryItem, b: DeliveryItem) =>
  a.cluster.localeCompare(b.cluster) ||
  a.namespace.localeCompare(b.namespace) ||
  a.name.localeCompare(b.name);

/**
 * Sorts deliveries (in place) by a column in locale order, ties broken by
 * cluster, namespace and name (ascending), so that pages are stable. By
 * status, those needing attention come first within a status.
 */
export function sortDeliveries(
  items: DeliveryItem[],
  sort: DeliverySortKey = 'status',
  order: 'asc' | 'desc' = 'asc',
): DeliveryItem[] {
  const column = COLUMNS[sort];
  const direction = order === 'desc' ? -1 : 1;
  return items.sort((a, b) => direction * column(a, b) || identity(a, b));
}
