/**
 * Views as a user's browser gets them: headless Debian chromium (never a
 * downloaded browser), one page per origin, `fetch` + `text()` timed with
 * `performance.now()` in the page, then `JSON.parse` timed apart. Unlike the
 * bench's own Node client, the browser decodes the compressed body natively
 * in its network process, and it runs beside the backend rather than on the
 * backend's event loop. One blank page fetches every origin: web security
 * is off, so no CORS preflight or header stands between it and the servers
 * (none of which sends CORS headers for it).
 */
import { Browser, chromium, Page } from 'playwright-core';

export interface BrowserTimed {
  /** fetch until the whole body is read (decoded) as text. */
  ms: number;
  /** JSON.parse of that text (not in `ms`). */
  parseMs: number;
  /** Length of the decoded text. */
  chars: number;
  /** Length of `items` (ours) or `rollouts` (the dashboard's) in the answer. */
  items: number;
}

export class BrowserClient {
  readonly #browser: Browser;
  readonly #page: Page;

  private constructor(browser: Browser, page: Page) {
    this.#browser = browser;
    this.#page = page;
  }

  static async launch(): Promise<BrowserClient> {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-web-security',
      ],
    });
    return new BrowserClient(browser, await browser.newPage());
  }

  /**
   * GET `url`, bypassing the HTTP cache: every sample is a first full
   * state, never a 304.
   */
  async get(url: string): Promise<BrowserTimed> {
    return this.#page.evaluate(async u => {
      const start = performance.now();
      const res = await fetch(u, { cache: 'no-store' });
      const text = await res.text();
      const ms = performance.now() - start;
      if (!res.ok) throw new Error(`GET ${u}: ${res.status} ${text}`);
      const parsed = JSON.parse(text);
      const parseMs = performance.now() - start - ms;
      const items = parsed.items ?? parsed.rollouts ?? [];
      return { ms, parseMs, chars: text.length, items: items.length };
    }, url);
  }

  async close(): Promise<void> {
    await this.#browser.close();
  }
}
