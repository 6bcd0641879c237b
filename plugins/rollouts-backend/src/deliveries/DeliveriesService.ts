import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  DELIVERY_STATUSES,
  DeliveriesQuery,
  DeliveriesResponse,
  DeliveryEntity,
  DeliveryItem,
} from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { DeliveryBase } from './deliveryItem';
import { DeliverySnapshots } from './DeliverySnapshots';
import { EntityDirectory, RolloutMatcher } from './EntityDirectory';
import { sortDeliveries } from './sortDeliveries';

export const DEFAULT_DELIVERIES_PAGE_SIZE = 100;

/** The lower-cased text the free text searches, per item (items are reused while unchanged). */
const haystacks = new WeakMap<DeliveryItem, string>();

function matchesText(d: DeliveryItem, needle: string): boolean {
  let haystack = haystacks.get(d);
  if (haystack === undefined) {
    // NUL cannot be in the free text: no match across two fields.
    haystack = [
      d.name,
      d.namespace,
      d.cluster,
      d.clusterTitle,
      d.message,
      ...d.images,
      ...d.entities.flatMap(e => [e.entityRef, e.title, e.owner, e.system]),
    ]
      .filter(s => s !== undefined)
      .join('\u0000')
      .toLocaleLowerCase('en-US');
    haystacks.set(d, haystack);
  }
  return haystack.includes(needle);
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
  /**
   * Per delivery base (a new object whenever its rollout changed): the item
   * with every entity claiming it, for the directory matcher it was made with.
   */
  readonly #claimed = new WeakMap<
    DeliveryBase,
    { matcher: RolloutMatcher; item: DeliveryItem }
  >();

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

  /** The delivery with every entity claiming it (made once per base and matcher). */
  #claim(base: DeliveryBase, matcher: RolloutMatcher): DeliveryItem {
    const known = this.#claimed.get(base);
    if (known?.matcher === matcher) return known.item;
    const { labels: _labels, uid: _uid, ...rest } = base;
    const item: DeliveryItem = { ...rest, entities: matcher(asRollout(base)) };
    this.#claimed.set(base, { matcher, item });
    return item;
  }

  /**
   * Every delivery the caller may see, with the entities of it they may
   * see (unfiltered). Unchanged deliveries are the same objects from one
   * call to the next.
   */
  async visible(credentials: BackstageCredentials): Promise<DeliveryItem[]> {
    const bases = this.#snapshots.all();
    const matcher = await this.#directory.matcher();
    const claimed = bases.map(b => this.#claim(b, matcher));
    const refs = new Set<string>();
    for (const d of claimed) for (const e of d.entities) refs.add(e.entityRef);
    const visibility = await this.#directory.visibility([...refs], credentials);
    const seen = (e: DeliveryEntity) => visibility.entities.has(e.entityRef);
    const items: DeliveryItem[] = [];
    for (const d of claimed) {
      if (!d.entities.length) {
        if (visibility.unmatched) items.push(d);
      } else if (d.entities.every(seen)) {
        items.push(d);
      } else {
        const mine = d.entities.filter(seen);
        if (mine.length) items.push({ ...d, entities: mine });
      }
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
    const needle = query.q?.toLocaleLowerCase('en-US');
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
      if (needle && !matchesText(d, needle)) continue;
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
    sortDeliveries(selected, query.sort, query.order);
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
