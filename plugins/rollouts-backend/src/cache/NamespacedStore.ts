import { KubeObject } from '@gradual/plugin-rollouts-common';

/**
 * Cached objects by namespace, then by name. Keyed by the strings the
 * objects hold already (their namespace and name), so an entry costs no
 * key string of its own — a `namespace/name` key per object would weigh
 * tens of bytes each at thousands of objects.
 */
export class NamespacedStore {
  readonly #namespaces = new Map<string, Map<string, KubeObject>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.#namespaces.get(namespace)?.get(name);
  }

  /** Stores `object` under its namespace and name. */
  set(object: KubeObject): void {
    const namespace = object.metadata.namespace ?? '';
    let names = this.#namespaces.get(namespace);
    if (!names) this.#namespaces.set(namespace, (names = new Map()));
    const before = names.size;
    names.set(object.metadata.name, object);
    this.#size += names.size - before;
  }

  delete(namespace: string, name: string): void {
    const names = this.#namespaces.get(namespace);
    if (!names?.delete(name)) return;
    this.#size--;
    if (names.size === 0) this.#namespaces.delete(namespace);
  }

  *values(): IterableIterator<KubeObject> {
    for (const names of this.#namespaces.values()) yield* names.values();
  }
}
