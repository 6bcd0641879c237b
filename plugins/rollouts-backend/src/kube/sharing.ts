import { createHash } from 'node:crypto';

/**
 * Sharing of what repeats across thousands of cached objects, so that each
 * distinct value is held once: JSON gives every object its own copy of each
 * string and sub-object.
 */

/**
 * A dictionary-mode object whose only use is to intern strings: V8 keeps
 * one instance of each property name in its string table, and drops the
 * entry once nothing holds the string any more (so unlike a Map of our
 * own, the table neither grows with strings gone nor costs a heap entry
 * per string).
 */
const scratch: Record<string, 0> = Object.create(null);

/** The one instance of `s` (its property-name instance). */
export function sharedString(s: string): string {
  scratch[s] = 0;
  const [key] = Object.keys(scratch);
  delete scratch[key];
  return key;
}

/**
 * Replaces, in place, every string of `value` (an object fresh from JSON
 * and owned by the caller; frozen parts are shared already) with its
 * shared instance. Returns `value`.
 */
export function shareStrings<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value))
    return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'string') value[i] = sharedString(v);
      else if (typeof v === 'object') shareStrings(v);
    }
    return value;
  }
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (typeof v === 'string') o[key] = sharedString(v);
    else if (typeof v === 'object') shareStrings(v);
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The shared empty object (`status.canary: {}` and the like). */
export const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});

/** Digest of a tree's JSON → its shared, frozen instance. */
const trees = new Map<string, unknown>();
const MAX_TREES = 20_000;

/**
 * One frozen instance per distinct content of a sub-object that repeats
 * across objects (a strategy, a pod spec, annotations, a scaled-down
 * ReplicaSet's status): equal content gives the same instance. A distinct
 * content costs its digest and a map entry, so this is for parts that
 * usually repeat. Bounded: cleared past 20,000 contents (later objects
 * share again from then on). The instances are frozen: a cached object is
 * read, never changed in place.
 */
export function sharedTree<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value))
    return value;
  const json = JSON.stringify(value);
  if (json === '{}') return EMPTY_OBJECT as T;
  const key = createHash('sha256').update(json).digest('base64').slice(0, 22);
  const found = trees.get(key);
  if (found !== undefined) return found as T;
  if (trees.size >= MAX_TREES) trees.clear();
  const shared = deepFreeze(shareStrings(value));
  trees.set(key, shared);
  return shared;
}
