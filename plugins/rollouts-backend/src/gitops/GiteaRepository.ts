/*
 * One Gitea repository through the Gitea REST API (v1), with the credentials
 * of the backend's `integrations.gitea` entry for the host: reading the
 * manifest files of a branch, committing a change on a new branch and the
 * pull requests of that branch. The credentials never leave the backend.
 */
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import {
  GiteaIntegrationConfig,
  getGiteaRequestOptions,
} from '@backstage/integration';
import { GitOpsPullRequest } from '@gradual/plugin-rollouts-common';

/** A file of the repository: its path and blob sha (what an update names). */
export interface RepositoryFile {
  path: string;
  sha: string;
}

interface GiteaPull {
  number: number;
  html_url: string;
  title: string;
  state: 'open' | 'closed';
  merged?: boolean;
  head: { ref: string };
  base: { ref: string };
  created_at?: string;
  updated_at?: string;
}

/** Gitea answers at most this many items a page (its default MAX_RESPONSE_ITEMS). */
const PAGE_SIZE = 50;
/** Pull request pages read when looking for the ones of a rollout. */
const MAX_PULL_PAGES = 10;

export class GiteaRepository {
  readonly #apiBase: string;
  readonly #headers: Record<string, string>;
  /** Web URL of the repository. */
  readonly url: string;
  readonly owner: string;
  readonly name: string;

  constructor(
    integration: GiteaIntegrationConfig,
    repo: { owner: string; name: string },
  ) {
    const base = (integration.baseUrl ?? `https://${integration.host}`).replace(
      /\/+$/,
      '',
    );
    this.owner = repo.owner;
    this.name = repo.name;
    this.url = `${base}/${repo.owner}/${repo.name}`;
    this.#apiBase = `${base}/api/v1/repos/${encodeURIComponent(
      repo.owner,
    )}/${encodeURIComponent(repo.name)}`;
    this.#headers = getGiteaRequestOptions(integration).headers ?? {};
  }

  async #request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T; text: string }> {
    let res: Response;
    try {
      res = await fetch(`${this.#apiBase}${path}`, {
        method,
        headers: {
          ...this.#headers,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `the Git host of ${this.url} does not answer: ${(e as Error).message}`,
      );
    }
    const text = await res.text();
    let json: any = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // raw file contents
    }
    return { status: res.status, json, text };
  }

  #fail(what: string, res: { status: number; json: any }): never {
    const message = `${what} on ${this.url} failed: ${res.status} ${
      res.json?.message ?? ''
    }`.trim();
    if (res.status === 409 || res.status === 422) {
      throw new ConflictError(message);
    }
    throw new ServiceUnavailableError(message);
  }

  /** The repository's default branch. */
  async defaultBranch(): Promise<string> {
    const res = await this.#request<{ default_branch: string }>('GET', '');
    if (res.status !== 200) this.#fail('reading the repository', res);
    return res.json.default_branch;
  }

  /** The YAML files of `branch` under `dir` ('' for all). */
  async yamlFiles(branch: string, dir: string): Promise<RepositoryFile[]> {
    const files: RepositoryFile[] = [];
    const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
    for (let page = 1; ; page++) {
      const res = await this.#request<{
        tree: { path: string; type: string; sha: string }[];
        truncated: boolean;
      }>(
        'GET',
        `/git/trees/${encodeURIComponent(
          branch,
        )}?recursive=true&per_page=1000&page=${page}`,
      );
      if (res.status !== 200) this.#fail(`listing ${branch}`, res);
      for (const entry of res.json.tree ?? []) {
        if (entry.type !== 'blob' || !/\.ya?ml$/i.test(entry.path)) continue;
        if (!entry.path.startsWith(prefix)) continue;
        files.push({ path: entry.path, sha: entry.sha });
      }
      if (!res.json.truncated) return files;
    }
  }

  /** The text of a file on `branch`. */
  async readFile(branch: string, path: string): Promise<string> {
    const res = await this.#request(
      'GET',
      `/raw/${path
        .split('/')
        .map(encodeURIComponent)
        .join('/')}?ref=${encodeURIComponent(branch)}`,
    );
    if (res.status !== 200) this.#fail(`reading ${path}`, res);
    return res.text;
  }

  /** Whether `branch` exists. */
  async hasBranch(branch: string): Promise<boolean> {
    const res = await this.#request(
      'GET',
      `/branches/${encodeURIComponent(branch)}`,
    );
    if (res.status === 404) return false;
    if (res.status !== 200) this.#fail(`reading branch ${branch}`, res);
    return true;
  }

  /** Commits `content` to `file` on a new branch `branch` made from `base`. */
  async commitOnNewBranch(options: {
    base: string;
    branch: string;
    file: RepositoryFile;
    content: string;
    message: string;
  }): Promise<void> {
    const res = await this.#request('POST', '/contents', {
      branch: options.base,
      new_branch: options.branch,
      message: options.message,
      files: [
        {
          operation: 'update',
          path: options.file.path,
          sha: options.file.sha,
          content: Buffer.from(options.content).toString('base64'),
        },
      ],
    });
    if (res.status >= 300) {
      this.#fail(`committing to branch ${options.branch}`, res);
    }
  }

  async openPullRequest(options: {
    base: string;
    branch: string;
    title: string;
    body: string;
  }): Promise<GitOpsPullRequest> {
    const res = await this.#request<GiteaPull>('POST', '/pulls', {
      head: options.branch,
      base: options.base,
      title: options.title,
      body: options.body,
    });
    if (res.status >= 300) this.#fail('opening the pull request', res);
    return toPullRequest(res.json);
  }

  /** The pull requests (any state) whose branch starts with `prefix`, newest first. */
  async pullRequests(prefix: string): Promise<GitOpsPullRequest[]> {
    const found: GitOpsPullRequest[] = [];
    for (let page = 1; page <= MAX_PULL_PAGES; page++) {
      const res = await this.#request<GiteaPull[]>(
        'GET',
        `/pulls?state=all&sort=newest&limit=${PAGE_SIZE}&page=${page}`,
      );
      if (res.status !== 200) this.#fail('listing the pull requests', res);
      const pulls = res.json ?? [];
      for (const p of pulls) {
        if (p.head?.ref?.startsWith(prefix)) found.push(toPullRequest(p));
      }
      if (pulls.length < PAGE_SIZE) break;
    }
    return found.sort((a, b) => b.number - a.number);
  }
}

function toPullRequest(p: GiteaPull): GitOpsPullRequest {
  return {
    number: p.number,
    url: p.html_url,
    title: p.title,
    state: p.merged ? 'merged' : p.state,
    branch: p.head.ref,
    baseBranch: p.base.ref,
    ...(p.created_at ? { createdAt: p.created_at } : {}),
    ...(p.updated_at ? { updatedAt: p.updated_at } : {}),
  };
}
