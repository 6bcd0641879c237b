import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * The users who looked at something recently: a view keeps a user for
 * `ttlMs`. Live updates go only to them (service principals never get
 * signals, so they are not kept).
 */
export class RecentViewers {
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** user entity ref → when the last view expires */
  readonly #expires = new Map<string, number>();

  constructor(options: { ttlMs: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** A view by the caller; only user principals are kept. */
  register(credentials: BackstageCredentials): void {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    if (principal?.type === 'user' && principal.userEntityRef)
      this.#expires.set(principal.userEntityRef, this.#now() + this.#ttlMs);
  }

  /** The users whose last view has not expired (expired ones are forgotten). */
  current(): string[] {
    const now = this.#now();
    for (const [user, expires] of this.#expires)
      if (expires < now) this.#expires.delete(user);
    return [...this.#expires.keys()];
  }

  /** Someone may still be looking (without pruning: cheap, for hot paths). */
  get any(): boolean {
    return this.#expires.size > 0;
  }
}
