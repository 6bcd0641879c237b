import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { EntityRolloutSelector } from '../entities/entityRollouts';

/** Someone looked at an entity's rollouts: the live-update registry wants to know. */
export type ViewListener = (
  selector: EntityRolloutSelector,
  credentials: BackstageCredentials,
) => void;

/** The listeners told of every list or detail read of an entity's rollouts. */
export class ViewListeners {
  readonly #listeners = new Set<ViewListener>();

  add(listener: ViewListener): void {
    this.#listeners.add(listener);
  }

  notify(selector: EntityRolloutSelector, credentials: BackstageCredentials) {
    for (const l of this.#listeners) {
      try {
        l(selector, credentials);
      } catch {
        // a listener never fails a read
      }
    }
  }
}
