import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  DeliveryMetricsResponse,
  MAX_DELIVERY_METRICS_DAYS,
} from '@gradual/plugin-rollouts-common';
import {
  EntityRolloutSelector,
  pinnedKubernetesId,
  rolloutBelongsTo,
} from '../../entities/entityRollouts';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { EntityDirectory } from '../EntityDirectory';
import { computeDeliveryMetrics } from './computeDeliveryMetrics';
import { StoredTransition, TransitionStore } from './TransitionStore';

const DAY_MS = 86_400_000;

export interface DeliveryMetricsRequest {
  /** An entity ref, or a group ref (its entities), or neither (all the caller may see). */
  entityRef?: string;
  groupRef?: string;
  /** Period end (default now) and length in days (default 30). */
  to?: Date;
  days?: number;
}

function parseRef(value: string, defaultKind: string, what: string) {
  try {
    return stringifyEntityRef(parseEntityRef(value, { defaultKind }));
  } catch (e) {
    throw new InputError(
      `${what} is not an entity ref: ${(e as Error).message}`,
    );
  }
}

const asRollout = (t: StoredTransition) =>
  ({
    metadata: { namespace: t.namespace, name: t.name, labels: t.labels },
  } as unknown as KubeObject);

/** Delivery metrics per entity, per owner group, or over everything visible. */
export class DeliveryMetricsService {
  readonly #store: TransitionStore;
  readonly #directory: EntityDirectory;

  constructor(options: { store: TransitionStore; directory: EntityDirectory }) {
    this.#store = options.store;
    this.#directory = options.directory;
  }

  /** Query parameters (`entity`, `group`, `days`, `to`) as a request; 400 on bad input. */
  static parseQuery(query: Record<string, unknown>): DeliveryMetricsRequest {
    const known = new Set(['entity', 'group', 'days', 'to']);
    for (const key of Object.keys(query))
      if (!known.has(key))
        throw new InputError(
          `unknown query parameter '${key}': expected entity, group, days, to`,
        );
    const str = (k: string) => {
      const raw = query[k];
      // the OpenAPI validator may have coerced `days` to a number
      const v = typeof raw === 'number' ? String(raw) : raw;
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || !v || v.length > 300)
        throw new InputError(`${k} must be given once, at most 300 characters`);
      return v;
    };
    const request: DeliveryMetricsRequest = {};
    const entity = str('entity');
    const group = str('group');
    if (entity && group)
      throw new InputError('give either entity or group, not both');
    if (entity) request.entityRef = entity;
    if (group) request.groupRef = group;
    const days = str('days');
    if (days !== undefined) {
      const n = /^\d{1,4}$/.test(days) ? Number(days) : NaN;
      if (!(n >= 1 && n <= MAX_DELIVERY_METRICS_DAYS))
        throw new InputError(
          `days must be an integer from 1 to ${MAX_DELIVERY_METRICS_DAYS}`,
        );
      request.days = n;
    }
    const to = str('to');
    if (to !== undefined) {
      const ms = /^\d{4}-\d\d-\d\d(T[\d:.]+(Z|[+-]\d\d:\d\d)?)?$/.test(to)
        ? Date.parse(to)
        : NaN;
      if (Number.isNaN(ms))
        throw new InputError(
          'to must be an ISO date, e.g. 2026-12-01T00:00:00Z',
        );
      request.to = new Date(ms);
    }
    return request;
  }

  async metrics(
    request: DeliveryMetricsRequest,
    credentials: BackstageCredentials,
  ): Promise<DeliveryMetricsResponse> {
    const days = request.days ?? 30;
    if (!Number.isInteger(days) || days < 1 || days > MAX_DELIVERY_METRICS_DAYS)
      throw new InputError(
        `days must be an integer from 1 to ${MAX_DELIVERY_METRICS_DAYS}`,
      );
    const to = request.to ?? new Date();
    const from = new Date(to.getTime() - days * DAY_MS);
    const all = await this.#directory.entities();
    let scope: DeliveryMetricsResponse['scope'];
    let candidates = all;
    if (request.entityRef) {
      const ref = parseRef(request.entityRef, 'component', 'entity');
      scope = { type: 'entity', ref };
      candidates = all.filter(e => e.entityRef === ref);
    } else if (request.groupRef) {
      const ref = parseRef(request.groupRef, 'group', 'group');
      scope = { type: 'group', ref };
      candidates = all.filter(e => e.owner === ref);
    } else {
      scope = { type: 'all' };
    }
    const visibility = await this.#directory.visibility(
      candidates.map(e => e.entityRef),
      credentials,
    );
    const visible = candidates.filter(e =>
      visibility.entities.has(e.entityRef),
    );
    if (scope.type === 'entity' && !visible.length)
      throw new NotFoundError(
        `entity ${scope.ref} not found or it claims no rollouts`,
      );
    const selectors: EntityRolloutSelector[] = [];
    for (const e of visible) {
      const s = await this.#directory.selectorOf(e.entityRef);
      if (s) selectors.push(s);
    }
    const includeUnmatched = scope.type === 'all' && visibility.unmatched;
    const pinned = selectors.map(pinnedKubernetesId);
    const kubernetesIds =
      includeUnmatched || pinned.some(id => id === undefined)
        ? undefined
        : (pinned as string[]);
    const rows =
      kubernetesIds && !kubernetesIds.length
        ? []
        : await this.#store.list({ from, to, kubernetesIds });
    const allSelectors = includeUnmatched
      ? await Promise.all(all.map(e => this.#directory.selectorOf(e.entityRef)))
      : [];
    const transitions = rows.filter(t => {
      const ro = asRollout(t);
      if (selectors.some(s => rolloutBelongsTo(s, ro))) return true;
      // Unclaimed rollouts (admins, whole fleet): matched by no entity at all.
      return (
        includeUnmatched &&
        !allSelectors.some(s => s && rolloutBelongsTo(s, ro))
      );
    });
    return {
      scope,
      from: from.toISOString(),
      to: to.toISOString(),
      entities: visible.map(e => e.entityRef).sort(),
      metrics: computeDeliveryMetrics(transitions),
    };
  }
}
