import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gzip = promisify(zlib.gzip);

/**
 * One encoded answer of an entity's rollout list: the bytes, their ETag
 * (the form Express gives a body) and, made on first demand, their gzip.
 */
export class ListResponse {
  readonly body: Buffer;
  readonly etag: string;
  /** What it was built from: compared by identity, element by element. */
  readonly items: readonly string[];
  readonly clusters: string;
  #gzip?: Promise<Buffer>;

  constructor(items: readonly string[], clusters: string) {
    this.items = items;
    this.clusters = clusters;
    this.body = Buffer.from(
      `{"items":[${items.join(',')}],"clusters":${clusters}}`,
    );
    const hash = createHash('sha1')
      .update(this.body)
      .digest('base64')
      .slice(0, 27);
    this.etag = `W/"${this.body.length.toString(16)}-${hash}"`;
  }

  /** The body, gzipped (off the event loop, once). */
  gzip(): Promise<Buffer> {
    this.#gzip ??= gzip(this.body);
    return this.#gzip;
  }

  /** Whether it was built from exactly these parts. */
  matches(items: readonly string[], clusters: string): boolean {
    if (clusters !== this.clusters || items.length !== this.items.length)
      return false;
    for (let i = 0; i < items.length; i++) {
      if (items[i] !== this.items[i]) return false;
    }
    return true;
  }
}

/**
 * The last encoded list answer of each recently viewed entity, reused while
 * its parts are the same: every view still builds the parts (the item JSON
 * of each rollout, memoised per change of its objects, and the clusters'
 * state) after the entity lookup and the permission check, and compares
 * them; only the concatenation, the hash and the compression of an
 * unchanged answer are saved. Any changed item or cluster state builds a
 * new answer. Holds at most `maxEntries` entities (least recently viewed
 * dropped first).
 */
export class ListResponses {
  readonly #entries = new Map<string, ListResponse>();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 32);
  }

  /** The answer of `key` made of these items and this clusters JSON. */
  response(
    key: string,
    items: readonly string[],
    clusters: string,
  ): ListResponse {
    let r = this.#entries.get(key);
    this.#entries.delete(key);
    if (!r || !r.matches(items, clusters))
      r = new ListResponse(items, clusters);
    this.#entries.set(key, r);
    while (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return r;
  }

  /** Entities held (tests and stats). */
  get size(): number {
    return this.#entries.size;
  }
}
