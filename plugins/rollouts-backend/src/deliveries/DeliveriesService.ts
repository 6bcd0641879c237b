import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  DELIVERY_STATUSES,
  DeliveriesQuery,
  DeliveriesResponse,
  DeliveryItem,
  DeliverySortKey,
} from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { DeliveryBase } from './deliveryItem';
import { DeliverySnapshots } from './DeliverySnapshots';
import { EntityDirectory } from './EntityDirectory';

export const DEFAULT_DELIVERIES_PAGE_SIZE = 100;

const STATUS_ORDER: Record<string, number> = {
  degraded: 0,
  paused: 1,
  progressing: 2,
  healthy: 3,
};

const firstOwner = (d: DeliveryItem) => d.entities[0]?.owner ?? '';
const firstSystem = (d: DeliveryItem) => d.entities[0]?.system ?? '';

const SORTERS: Record<
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

function matchesText(d: DeliveryItem, q: string): boolean {
  const needle = q.toLocaleLowerCase('en-US');
  const haystack = [
    d.name,
    d.namespace,
    d.cluster,
    d.clusterTitle,
    d.message,
    ...d.images,
    ...d.entities.flatMap(e => [e.entityRef, e.title, e.owner, e.system]),
  ];
  return haystack.some(
    s => s !== undefined && s.toLocaleLowerCase('en-US').includes(needle),
  );
}

const asRollout = (b: DeliveryBase) =>
  ({
    metadata: { namespace: b.namespace, name: b.name, labels: b.labels },
  } as unknown as KubeObject);

/**
 * The platform view: every rollout of every cluster from the watch cache,
 * with the entities claiming it, limited to what the caller may see,
 * filtered, counted, sorted and paged. No API-server request.
 */
export class DeliveriesService {
  readonly #cache: RolloutsCache;
  readonly #snapshots: DeliverySnapshots;
  readonly #directory: EntityDirectory;
  readonly #listListeners: Array<(c: BackstageCredentials) => void> = [];

  constructor(options: {
    cache: RolloutsCache;
    snapshots: DeliverySnapshots;
    directory: EntityDirectory;
  }) {
    this.#cache = options.cache;
    this.#snapshots = options.snapshots;
    this.#directory = options.directory;
  }

  /** Called on every list (the live-update registry wants to know who looks). */
  onList(listener: (credentials: BackstageCredentials) => void): void {
    this.#listListeners.push(listener);
  }

  clusterNames(): string[] {
    return this.#cache.clusters().map(c => c.name);
  }

  /** Every delivery the caller may see, with its entities (unfiltered). */
  async visible(credentials: BackstageCredentials): Promise<DeliveryItem[]> {
    const [bases, match] = await Promise.all([
      Promise.resolve(this.#snapshots.all()),
      this.#directory.matcher(),
    ]);
    const matched = bases.map(b => ({
      base: b,
      entities: match(asRollout(b)),
    }));
    const visibility = await this.#directory.visibility(
      matched.flatMap(m => m.entities.map(e => e.entityRef)),
      credentials,
    );
    const items: DeliveryItem[] = [];
    for (const { base, entities } of matched) {
      const mine = entities.filter(e => visibility.entities.has(e.entityRef));
      if (entities.length ? !mine.length : !visibility.unmatched) continue;
      const { labels: _labels, uid: _uid, ...item } = base;
      items.push({ ...item, entities: mine });
    }
    return items;
  }

  async list(
    query: DeliveriesQuery,
    credentials: BackstageCredentials,
  ): Promise<DeliveriesResponse> {
    const all = await this.visible(credentials);
    for (const l of this.#listListeners) l(credentials);
    const facets = {
      clusters: new Set<string>(),
      namespaces: new Set<string>(),
      owners: new Set<string>(),
      systems: new Set<string>(),
    };
    const set = (values?: string[]) => (values ? new Set(values) : undefined);
    const clusters = set(query.cluster);
    const namespaces = set(query.namespace);
    const owners = set(query.owner);
    const systems = set(query.system);
    const strategies = set(query.strategy);
    const statuses = set(query.status);
    const counts = Object.fromEntries(
      [...DELIVERY_STATUSES, 'attention'].map(s => [s, 0]),
    ) as DeliveriesResponse['counts'];
    const selected: DeliveryItem[] = [];
    for (const d of all) {
      facets.clusters.add(d.cluster);
      facets.namespaces.add(d.namespace);
      for (const e of d.entities) {
        if (e.owner) facets.owners.add(e.owner);
        if (e.system) facets.systems.add(e.system);
      }
      if (clusters && !clusters.has(d.cluster)) continue;
      if (namespaces && !namespaces.has(d.namespace)) continue;
      if (strategies && !strategies.has(d.strategy)) continue;
      if (owners && !d.entities.some(e => e.owner && owners.has(e.owner)))
        continue;
      if (systems && !d.entities.some(e => e.system && systems.has(e.system)))
        continue;
      if (query.q && !matchesText(d, query.q)) continue;
      counts[d.status]++;
      if (d.attention) counts.attention++;
      if (statuses && !statuses.has(d.status)) continue;
      if (
        query.attention !== undefined &&
        Boolean(d.attention) !== query.attention
      )
        continue;
      selected.push(d);
    }
    const sorter = SORTERS[query.sort ?? 'status'];
    const direction = query.order === 'desc' ? -1 : 1;
    selected.sort((a, b) => direction * sorter(a, b) || identity(a, b));
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_DELIVERIES_PAGE_SIZE;
    const sorted = (s: Set<string>) => [...s].sort();
    return {
      items: selected.slice(offset, offset + limit),
      total: selected.length,
      offset,
      limit,
      counts,
      facets: {
        clusters: sorted(facets.clusters),
        namespaces: sorted(facets.namespaces),
        owners: sorted(facets.owners),
        systems: sorted(facets.systems),
      },
      clusters: this.#cache.clusters().map(c => {
        const { name, title, status, message } = c.health();
        const s: ClusterStatus = { name, status };
        if (title) s.title = title;
        if (message) s.message = message;
        return s;
      }),
    };
  }
}
