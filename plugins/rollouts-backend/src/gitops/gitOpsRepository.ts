/*
 * Which Git repository holds an entity's manifests: a `rollouts.gitops.repositories`
 * entry for the entity, else its `backstage.io/source-location` annotation,
 * on a host with an `integrations.gitea` entry (whose credentials the
 * backend uses; nothing of them reaches a response).
 */
import { Config } from '@backstage/config';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  GiteaIntegrationConfig,
  ScmIntegrations,
} from '@backstage/integration';

/** A repository of an entity, with the Git host integration to reach it. */
export interface GitOpsRepositoryTarget {
  integration: GiteaIntegrationConfig;
  owner: string;
  name: string;
  /** The branch to propose changes to; the repository's default when absent. */
  branch?: string;
  /** Directory to look for the manifest in ('' for the whole repository). */
  path: string;
}

/** Why an entity has no repository to open pull requests on. */
export interface NoGitOpsRepository {
  reason: string;
}

interface ConfiguredRepository {
  entityRef: string;
  url: string;
  branch?: string;
  path?: string;
}

export class GitOpsRepositories {
  readonly #integrations: ScmIntegrations;
  readonly #configured: Map<string, ConfiguredRepository>;

  static fromConfig(config: Config): GitOpsRepositories {
    const configured = (
      config.getOptionalConfigArray('rollouts.gitops.repositories') ?? []
    ).map((c, i) => {
      const raw = c.getString('entity');
      let entityRef: string;
      try {
        entityRef = stringifyEntityRef(
          parseEntityRef(raw, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
      } catch {
        throw new Error(
          `rollouts.gitops.repositories[${i}].entity: invalid entity ref ${JSON.stringify(
            raw,
          )}`,
        );
      }
      return {
        entityRef,
        url: c.getString('url'),
        branch: c.getOptionalString('branch'),
        path: c.getOptionalString('path'),
      };
    });
    return new GitOpsRepositories(
      ScmIntegrations.fromConfig(config),
      configured,
    );
  }

  constructor(
    integrations: ScmIntegrations,
    configured: ConfiguredRepository[],
  ) {
    this.#integrations = integrations;
    this.#configured = new Map(configured.map(c => [c.entityRef, c]));
  }

  /** The entity's repository, or why there is none. */
  forEntity(entity: Entity): GitOpsRepositoryTarget | NoGitOpsRepository {
    const ref = stringifyEntityRef(entity);
    const configured = this.#configured.get(ref);
    if (configured) {
      const target = this.#parse(
        configured.url,
        'rollouts.gitops.repositories',
      );
      if ('reason' in target) return target;
      return {
        ...target,
        ...(configured.branch ? { branch: configured.branch } : {}),
        ...(configured.path !== undefined
          ? { path: configured.path.replace(/^\/+|\/+$/g, '') }
          : {}),
      };
    }
    const location = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
    if (!location) {
      return {
        reason: `no Git repository is known for ${ref}: set its ${ANNOTATION_SOURCE_LOCATION} annotation or a rollouts.gitops.repositories entry`,
      };
    }
    const url = location.replace(/^url:/, '');
    return this.#parse(url, ANNOTATION_SOURCE_LOCATION);
  }

  /**
   * A Gitea web URL: `<baseUrl>/<owner>/<repo>[.git][/src/branch/<branch>[/<dir>]]`.
   */
  #parse(
    url: string,
    where: string,
  ): GitOpsRepositoryTarget | NoGitOpsRepository {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { reason: `${where}: ${url} is not a URL` };
    }
    const integration = this.#integrations.gitea.byUrl(parsed)?.config;
    if (!integration) {
      return {
        reason: `${where}: no integrations.gitea entry for ${parsed.host}; pull requests are opened on Gitea hosts (see the README for GitHub / GitLab)`,
      };
    }
    const base = new URL(integration.baseUrl ?? `https://${integration.host}`);
    const basePath = base.pathname.replace(/\/+$/, '');
    const rest = parsed.pathname.startsWith(basePath)
      ? parsed.pathname.slice(basePath.length)
      : parsed.pathname;
    const [owner, repo, ...tail] = rest.split('/').filter(Boolean);
    if (!owner || !repo) {
      return { reason: `${where}: ${url} names no repository (owner/name)` };
    }
    const target: GitOpsRepositoryTarget = {
      integration,
      owner,
      name: repo.replace(/\.git$/, ''),
      path: '',
    };
    if (tail[0] === 'src' && tail[1] === 'branch' && tail[2]) {
      target.branch = decodeURIComponent(tail[2]);
      target.path = tail.slice(3).map(decodeURIComponent).join('/');
    }
    return target;
  }
}
