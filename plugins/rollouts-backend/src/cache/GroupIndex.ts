import { KubeObject } from '@gradual/plugin-rollouts-common';

/**
 * Cached objects grouped by a key (an owner's uid, a label value), each
 * group by object uid. Most groups hold one object (a rollout's one
 * ReplicaSet at replicas 0, a ReplicaSet's one pod): such a group is the
 * object itself, and becomes a Map only at its second object — a Map per
 * group would weigh more than the object at thousands of them.
 */
export class GroupIndex {
  readonly #groups = new Map<string, KubeObject | Map<string, KubeObject>>();

  add(key: string, object: KubeObject): void {
    const group = this.#groups.get(key);
    const uid = object.metadata.uid;
    if (
      group === undefined ||
      (!(group instanceof Map) && group.metadata.uid === uid)
    ) {
      this.#groups.set(key, object);
    } else if (group instanceof Map) {
      group.set(uid, object);
    } else {
      this.#groups.set(
        key,
        new Map([
          [group.metadata.uid, group],
          [uid, object],
        ]),
      );
    }
  }

  delete(key: string, uid: string): void {
    const group = this.#groups.get(key);
    if (group === undefined) return;
    if (!(group instanceof Map)) {
      if (group.metadata.uid === uid) this.#groups.delete(key);
      return;
    }
    group.delete(uid);
    if (group.size === 1) {
      const [only] = group.values();
      this.#groups.set(key, only);
    } else if (group.size === 0) {
      this.#groups.delete(key);
    }
  }

  /** The objects of one group (none for an unknown key). */
  get(key: string): KubeObject[] {
    const group = this.#groups.get(key);
    if (group === undefined) return [];
    return group instanceof Map ? [...group.values()] : [group];
  }
}
