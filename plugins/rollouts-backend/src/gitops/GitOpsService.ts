/*
 * GitOps changes: a change to an Argo CD-managed rollout (strategy,
 * set-image) becomes a pull request on the repository that holds its
 * manifest, with exactly that change in the file (manifestEdit), instead of a
 * patch that Argo CD's self-heal would revert. The callers check the
 * permissions and audit; this finds the file, commits on a branch of its own
 * and opens (or reuses) the pull request.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import {
  GitOpsChangeResult,
  GitOpsPullRequestsResponse,
  isManagedByArgoCD,
} from '@gradual/plugin-rollouts-common';
import { createHash } from 'node:crypto';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { GiteaRepository, RepositoryFile } from './GiteaRepository';
import {
  GitOpsRepositories,
  GitOpsRepositoryTarget,
  NoGitOpsRepository,
} from './gitOpsRepository';
import {
  ManifestChange,
  ManifestObject,
  editManifest,
  matchManifest,
} from './manifestEdit';

/** How long the pull requests of a rollout are served from memory. */
export const PULL_REQUESTS_CACHE_MS = 15_000;

/** The rollout a change is for. */
export interface GitOpsRolloutTarget {
  cluster: string;
  /** The live Rollout. */
  rollout: KubeObject;
}

/** Branches of a rollout's pull requests start with this. */
export function branchPrefix(target: GitOpsRolloutTarget): string {
  const { namespace, name } = target.rollout.metadata;
  return `gradual/${target.cluster}/${namespace}/${name}/`;
}

/** The branch of one change: the same change always gets the same branch. */
function branchOf(target: GitOpsRolloutTarget, change: ManifestChange) {
  const hash = createHash('sha256')
    .update(JSON.stringify(change))
    .digest('hex')
    .slice(0, 12);
  return `${branchPrefix(target)}${change.kind}-${hash}`;
}

/** The object of the file a change edits: the Rollout, or for set-image its workloadRef Deployment. */
function objectOf(rollout: KubeObject, change: ManifestChange): ManifestObject {
  const namespace = rollout.metadata.namespace ?? 'default';
  const ref = rollout.spec?.workloadRef;
  if (change.kind === 'set-image' && typeof ref?.name === 'string') {
    return { kind: 'Deployment', name: ref.name, namespace };
  }
  return { kind: 'Rollout', name: rollout.metadata.name, namespace };
}

export class GitOpsService {
  readonly #repositories: GitOpsRepositories;
  readonly #logger: LoggerService;
  readonly #cache = new Map<
    string,
    {
      at: number;
      value: Promise<Omit<GitOpsPullRequestsResponse, 'managedByArgoCD'>>;
    }
  >();
  /** One change at a time per branch, so that two equal requests open one pull request. */
  readonly #inFlight = new Map<string, Promise<unknown>>();
  readonly #now: () => number;

  static fromConfig(config: Config, logger: LoggerService): GitOpsService {
    return new GitOpsService({
      repositories: GitOpsRepositories.fromConfig(config),
      logger,
    });
  }

  constructor(options: {
    repositories: GitOpsRepositories;
    logger: LoggerService;
    now?: () => number;
  }) {
    this.#repositories = options.repositories;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** The entity's repository, or why changes cannot become pull requests. */
  repositoryFor(entity: Entity): GitOpsRepositoryTarget | NoGitOpsRepository {
    return this.#repositories.forEntity(entity);
  }

  /**
   * Opens a pull request with `change` applied to the file that holds the
   * rollout, or answers the open one of the same change (`created: false`).
   * 409 when the file is not found, is ambiguous, or already holds the change.
   */
  async propose(options: {
    repository: GitOpsRepositoryTarget;
    target: GitOpsRolloutTarget;
    change: ManifestChange;
    title: string;
    body: string;
  }): Promise<GitOpsChangeResult> {
    const { repository: where, target, change } = options;
    const repo = new GiteaRepository(where.integration, where);
    const branch = branchOf(target, change);
    const key = `${repo.url}#${branch}`;
    const previous = this.#inFlight.get(key) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => this.#propose(repo, where, { ...options, branch }));
    this.#inFlight.set(key, run);
    try {
      return await run;
    } finally {
      if (this.#inFlight.get(key) === run) this.#inFlight.delete(key);
      this.#cache.delete(`${repo.url}#${branchPrefix(target)}`);
    }
  }

  async #propose(
    repo: GiteaRepository,
    where: GitOpsRepositoryTarget,
    options: {
      target: GitOpsRolloutTarget;
      change: ManifestChange;
      title: string;
      body: string;
      branch: string;
    },
  ): Promise<GitOpsChangeResult> {
    const { target, change } = options;
    const base = where.branch ?? (await repo.defaultBranch());
    const repository = { url: repo.url, branch: base };
    const object = objectOf(target.rollout, change);
    const file = await this.#findManifest(repo, base, where.path, object);
    const located = { ...repository, path: file.path };

    const sameChange = (b: string) =>
      b === options.branch || b.startsWith(`${options.branch}-`);
    const open = (await repo.pullRequests(options.branch)).find(
      p => sameChange(p.branch) && p.state === 'open',
    );
    if (open) {
      return { pullRequest: open, repository: located, created: false };
    }
    const text = await repo.readFile(base, file.path);
    const edited = editManifest(text, object, change);
    if (edited === text) {
      throw new ConflictError(
        `${file.path} on ${base} of ${repo.url} already holds this change; Argo CD applies it when it syncs`,
      );
    }
    // A branch of the same change whose pull request was closed or merged:
    // this proposal gets a branch of its own.
    const branch = (await repo.hasBranch(options.branch))
      ? `${options.branch}-${this.#now().toString(36)}`
      : options.branch;
    await repo.commitOnNewBranch({
      base,
      branch,
      file,
      content: edited,
      message: options.title,
    });
    const pullRequest = await repo.openPullRequest({
      base,
      branch,
      title: options.title,
      body: options.body,
    });
    this.#logger.info(
      `opened pull request ${pullRequest.url} for ${object.kind} ${object.namespace}/${object.name} (${file.path})`,
    );
    return { pullRequest, repository: located, created: true };
  }

  /** The file of `branch` under `dir` that holds `object`: one with its namespace wins over one without. */
  async #findManifest(
    repo: GiteaRepository,
    branch: string,
    dir: string,
    object: ManifestObject,
  ): Promise<RepositoryFile> {
    const files = await repo.yamlFiles(branch, dir);
    const exact: RepositoryFile[] = [];
    const loose: RepositoryFile[] = [];
    for (const file of files) {
      const text = await repo.readFile(branch, file.path);
      // cheap filter before parsing: the file names the object
      if (!text.includes(object.name)) continue;
      const match = matchManifest(text, object);
      if (match === 'namespace') exact.push(file);
      else if (match === 'no-namespace') loose.push(file);
    }
    const candidates = exact.length ? exact : loose;
    const where = `${repo.url} (${branch}${dir ? `, ${dir}/` : ''})`;
    if (candidates.length === 0) {
      throw new ConflictError(
        `no manifest of ${object.kind} ${object.namespace}/${object.name} in ${where}`,
      );
    }
    if (candidates.length > 1) {
      throw new ConflictError(
        `${object.kind} ${object.namespace}/${
          object.name
        } is in several files of ${where}: ${candidates
          .map(f => f.path)
          .join(', ')}; set rollouts.gitops.repositories[].path`,
      );
    }
    return candidates[0];
  }

  /** The pull requests opened for the rollout (newest first), served from memory for a few seconds. */
  async pullRequests(
    entity: Entity,
    target: GitOpsRolloutTarget,
  ): Promise<GitOpsPullRequestsResponse> {
    const managedByArgoCD = isManagedByArgoCD(target.rollout as any);
    const where = this.repositoryFor(entity);
    if ('reason' in where) {
      return { managedByArgoCD, items: [], message: where.reason };
    }
    const repo = new GiteaRepository(where.integration, where);
    const prefix = branchPrefix(target);
    const key = `${repo.url}#${prefix}`;
    const now = this.#now();
    let cached = this.#cache.get(key);
    if (!cached || now - cached.at > PULL_REQUESTS_CACHE_MS) {
      const value = (async () => ({
        repository: {
          url: repo.url,
          branch: where.branch ?? (await repo.defaultBranch()),
        },
        items: await repo.pullRequests(prefix),
      }))();
      cached = { at: now, value };
      this.#cache.set(key, cached);
      value.catch(() => this.#cache.delete(key));
    }
    return { managedByArgoCD, ...(await cached.value) };
  }
}
