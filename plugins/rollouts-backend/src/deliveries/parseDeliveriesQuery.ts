import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DELIVERY_SORT_KEYS,
  DELIVERY_STATUSES,
  DeliveriesQuery,
  DeliverySortKey,
  DeliveryStatus,
  MAX_DELIVERIES_PAGE_SIZE,
  MAX_DELIVERIES_QUERY_LENGTH,
  RolloutStrategy,
} from '@gradual/plugin-rollouts-common';
import { isValidObjectName } from '../kube/resources';

const STRATEGIES: RolloutStrategy[] = ['canary', 'blueGreen'];
const KNOWN = new Set([
  'attention',
  'status',
  'cluster',
  'namespace',
  'owner',
  'system',
  'strategy',
  'q',
  'sort',
  'order',
  'limit',
  'offset',
]);
/** Letters, digits, spaces and the punctuation of names, refs and images. */
const FREE_TEXT = /^[\p{L}\p{N} ._:/@+-]*$/u;
const MAX_VALUES = 50;

/** Values of a list parameter: repeated (`?a=x&a=y`) or comma-separated. */
function listOf(name: string, raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap(v => {
    if (typeof v !== 'string')
      throw new InputError(`${name} must be a string or a list of strings`);
    return v.split(',');
  });
  const values = parts.map(v => v.trim()).filter(Boolean);
  if (values.length > MAX_VALUES)
    throw new InputError(`${name} takes at most ${MAX_VALUES} values`);
  return values.length ? values : undefined;
}

/** A value given once; the OpenAPI validator may have coerced it to a number or boolean. */
function single(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (typeof raw !== 'string')
    throw new InputError(`${name} must be given once`);
  return raw;
}

function oneOf<T extends string>(
  name: string,
  values: string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (!values) return undefined;
  for (const v of values) {
    if (!allowed.includes(v as T))
      throw new InputError(
        `unknown ${name} '${v}': expected one of ${allowed.join(', ')}`,
      );
  }
  return values as T[];
}

function refs(
  name: string,
  values: string[] | undefined,
  defaultKind: string,
): string[] | undefined {
  return values?.map(v => {
    try {
      return stringifyEntityRef(parseEntityRef(v, { defaultKind }));
    } catch (e) {
      throw new InputError(
        `${name} '${v}' is not an entity ref: ${(e as Error).message}`,
      );
    }
  });
}

function integer(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/**
 * `GET /deliveries` query parameters, checked: unknown parameters and
 * values, malformed refs, free text with characters outside names, refs and
 * images, and pages past {@link MAX_DELIVERIES_PAGE_SIZE} are 400s.
 * `clusters` are the configured cluster names.
 */
export function parseDeliveriesQuery(
  query: Record<string, unknown>,
  clusters: string[],
): DeliveriesQuery {
  for (const key of Object.keys(query)) {
    if (!KNOWN.has(key))
      throw new InputError(
        `unknown query parameter '${key}': expected ${[...KNOWN].join(', ')}`,
      );
  }
  const result: DeliveriesQuery = {};
  const attention = single('attention', query.attention);
  if (attention !== undefined) {
    if (attention !== 'true' && attention !== 'false')
      throw new InputError('attention must be true or false');
    result.attention = attention === 'true';
  }
  const status = oneOf<DeliveryStatus>(
    'status',
    listOf('status', query.status),
    DELIVERY_STATUSES,
  );
  if (status) result.status = status;
  const cluster = oneOf('cluster', listOf('cluster', query.cluster), clusters);
  if (cluster) result.cluster = cluster;
  const namespace = listOf('namespace', query.namespace);
  if (namespace) {
    for (const ns of namespace)
      if (!isValidObjectName(ns))
        throw new InputError(`namespace '${ns}' is not a Kubernetes name`);
    result.namespace = namespace;
  }
  const owner = refs('owner', listOf('owner', query.owner), 'group');
  if (owner) result.owner = owner;
  const system = refs('system', listOf('system', query.system), 'system');
  if (system) result.system = system;
  const strategy = oneOf(
    'strategy',
    listOf('strategy', query.strategy),
    STRATEGIES,
  );
  if (strategy) result.strategy = strategy;
  const q = single('q', query.q);
  if (q !== undefined) {
    if (q.length > MAX_DELIVERIES_QUERY_LENGTH)
      throw new InputError(
        `q is longer than ${MAX_DELIVERIES_QUERY_LENGTH} characters`,
      );
    if (!FREE_TEXT.test(q))
      throw new InputError(
        'q may contain only letters, digits, spaces and . _ : / @ + -',
      );
    if (q.trim()) result.q = q.trim();
  }
  const sort = single('sort', query.sort);
  if (sort !== undefined)
    result.sort = oneOf<DeliverySortKey>(
      'sort',
      [sort],
      DELIVERY_SORT_KEYS,
    )![0];
  const order = single('order', query.order);
  if (order !== undefined)
    result.order = oneOf('order', [order], ['asc', 'desc'] as const)![0];
  const limit = integer(
    'limit',
    single('limit', query.limit),
    1,
    MAX_DELIVERIES_PAGE_SIZE,
  );
  if (limit !== undefined) result.limit = limit;
  const offset = integer(
    'offset',
    single('offset', query.offset),
    0,
    100_000_000,
  );
  if (offset !== undefined) result.offset = offset;
  return result;
}
