import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeliveryEntity,
  rolloutReadPermission,
  rolloutUnmatchedReadPermission,
} from '@gradual/plugin-rollouts-common';
import {
  EntityRolloutSelector,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  pinnedKubernetesId,
  rolloutBelongsTo,
  selectorForEntity,
} from '../entities/entityRollouts';
import { KubeObject } from '@gradual/plugin-rollouts-common';

interface DirectoryEntry {
  entity: DeliveryEntity;
  selector: EntityRolloutSelector;
}

/** The entities claiming a rollout. */
export type RolloutMatcher = (rollout: KubeObject) => DeliveryEntity[];

interface Snapshot {
  loadedAt: number;
  /** Made on first use; one per loaded snapshot. */
  matcher?: RolloutMatcher;
  byKubernetesId: Map<string, DirectoryEntry[]>;
  /** Entities whose selector pins no kubernetes-id (checked against every rollout). */
  unpinned: DirectoryEntry[];
}

/** What the caller may see: the entities (by ref) and whether unclaimed rollouts too. */
export interface Visibility {
  entities: Set<string>;
  unmatched: boolean;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

function refOr(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The catalog entities that claim rollouts (a Kubernetes annotation, as the
 * Rollouts tab requires), indexed by kubernetes-id, loaded with the plugin's
 * own credentials and refreshed in the background. Which of them a user may
 * see is decided per request in two batched calls: the catalog (entity
 * visibility) and the permission framework (`rollouts.rollout.read`).
 */
export class EntityDirectory {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #permissions: PermissionsService;
  readonly #logger: LoggerService;
  readonly #ttlMs: number;
  #snapshot?: Snapshot;
  #loading?: Promise<Snapshot>;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    permissions: PermissionsService;
    logger: LoggerService;
    /** How long a loaded catalog snapshot is served before a background reload (default 30 s). */
    ttlMs?: number;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#permissions = options.permissions;
    this.#logger = options.logger;
    this.#ttlMs = options.ttlMs ?? 30_000;
  }

  async #load(): Promise<Snapshot> {
    const credentials = await this.#auth.getOwnServiceCredentials();
    const { items } = await this.#catalog.getEntities(
      { fields: FIELDS },
      { credentials },
    );
    const byKubernetesId = new Map<string, DirectoryEntry[]>();
    const unpinned: DirectoryEntry[] = [];
    for (const e of items as Entity[]) {
      const annotations = e.metadata.annotations ?? {};
      if (
        !annotations[KUBERNETES_ID_ANNOTATION] &&
        !annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]
      )
        continue;
      let selector: EntityRolloutSelector;
      try {
        selector = selectorForEntity(e);
      } catch {
        continue; // an invalid selector claims nothing (the tab says why)
      }
      const ns = e.metadata.namespace ?? 'default';
      const owner = refOr((e.spec as any)?.owner, 'group', ns);
      const system = refOr((e.spec as any)?.system, 'system', ns);
      const entry: DirectoryEntry = {
        selector,
        entity: {
          entityRef: selector.entityRef,
          ...(e.metadata.title ? { title: e.metadata.title } : {}),
          ...(owner ? { owner } : {}),
          ...(system ? { system } : {}),
        },
      };
      const id = pinnedKubernetesId(selector);
      if (id === undefined) unpinned.push(entry);
      else {
        const list = byKubernetesId.get(id) ?? [];
        list.push(entry);
        byKubernetesId.set(id, list);
      }
    }
    return { loadedAt: Date.now(), byKubernetesId, unpinned };
  }

  async #current(): Promise<Snapshot> {
    const snapshot = this.#snapshot;
    const fresh = snapshot && Date.now() - snapshot.loadedAt < this.#ttlMs;
    if (!fresh && !this.#loading) {
      this.#loading = this.#load().then(
        s => {
          this.#snapshot = s;
          this.#loading = undefined;
          return s;
        },
        e => {
          this.#loading = undefined;
          throw e;
        },
      );
    }
    if (snapshot) {
      // Stale: serve it, the reload runs in the background.
      this.#loading?.catch(e =>
        this.#logger.warn(`cannot reload catalog entities: ${e}`),
      );
      return snapshot;
    }
    return this.#loading!;
  }

  /** Forgets the loaded entities (the next read loads them again). */
  invalidate(): void {
    this.#snapshot = undefined;
  }

  /**
   * A matcher from rollouts to the entities claiming them: the same
   * function while the loaded entities stay the same, so callers may keep
   * what it answered until it changes.
   */
  async matcher(): Promise<RolloutMatcher> {
    const s = await this.#current();
    s.matcher ??= rollout => {
      const id = rollout.metadata.labels?.[KUBERNETES_ID_ANNOTATION];
      const candidates = [
        ...(id !== undefined ? s.byKubernetesId.get(id) ?? [] : []),
        ...s.unpinned,
      ];
      return candidates
        .filter(c => rolloutBelongsTo(c.selector, rollout))
        .map(c => c.entity);
    };
    return s.matcher;
  }

  /** Every entity of the directory (for owner / system lookups). */
  async entities(): Promise<DeliveryEntity[]> {
    const s = await this.#current();
    return [...[...s.byKubernetesId.values()].flat(), ...s.unpinned].map(
      e => e.entity,
    );
  }

  /** A selector of an entity of the directory. */
  async selectorOf(
    entityRef: string,
  ): Promise<EntityRolloutSelector | undefined> {
    const s = await this.#current();
    for (const e of [...[...s.byKubernetesId.values()].flat(), ...s.unpinned])
      if (e.entity.entityRef === entityRef) return e.selector;
    return undefined;
  }

  /**
   * Which of `entityRefs` the caller may see the rollouts of (visible in the
   * catalog to them, and `rollouts.rollout.read` allowed), and whether they
   * may see unclaimed rollouts: one catalog call and one permission call.
   */
  async visibility(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Visibility> {
    const refs = [...new Set(entityRefs)];
    const [catalogResult, decisions] = await Promise.all([
      refs.length
        ? this.#catalog.getEntitiesByRefs(
            { entityRefs: refs, fields: ['kind', 'metadata.name'] },
            { credentials },
          )
        : Promise.resolve({ items: [] as Array<Entity | undefined> }),
      this.#permissions.authorize(
        [
          { permission: rolloutUnmatchedReadPermission },
          ...refs.map(resourceRef => ({
            permission: rolloutReadPermission,
            resourceRef,
          })),
        ],
        { credentials },
      ),
    ]);
    const entities = new Set<string>();
    refs.forEach((ref, i) => {
      if (
        catalogResult.items[i] &&
        decisions[i + 1]?.result === AuthorizeResult.ALLOW
      )
        entities.add(ref);
    });
    return {
      entities,
      unmatched: decisions[0]?.result === AuthorizeResult.ALLOW,
    };
  }
}
