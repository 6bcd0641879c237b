/*
 * The local Git host (the Gitea of the local cluster) as the tests get it:
 * only through the environment that scripts/ensure-test-services.sh writes
 * (from `yarn cluster git-host --env`).
 */
import { missingEnv } from '../env';

export const GIT_HOST_ENV = [
  'GRADUAL_GITEA_URL',
  'GRADUAL_GITEA_ORG',
  'GRADUAL_GITEA_USERNAME',
  'GRADUAL_GITEA_TOKEN',
] as const;

export interface GitHost {
  /** Base URL of the Gitea instance (no trailing slash). */
  url: string;
  /** Organisation the tests create their repositories in. */
  org: string;
  /** The admin user. */
  username: string;
  /** The admin's API token (scopes: all; also its password for Git over HTTP). */
  token: string;
}

/** The local Git host from the environment; throws naming what is missing. */
export function requireGitHost(): GitHost {
  const missing = missingEnv(
    GIT_HOST_ENV,
    'the test needs the local Git host (Gitea of the local cluster)',
  );
  if (missing) throw new Error(missing);
  const env = process.env;
  return {
    url: env.GRADUAL_GITEA_URL!.replace(/\/+$/, ''),
    org: env.GRADUAL_GITEA_ORG!,
    username: env.GRADUAL_GITEA_USERNAME!,
    token: env.GRADUAL_GITEA_TOKEN!,
  };
}

/** The `integrations` config block through which a backend reaches the Git host. */
export function gitHostIntegrations(git: GitHost) {
  return {
    gitea: [
      {
        host: new URL(git.url).host,
        baseUrl: git.url,
        username: git.username,
        password: git.token,
      },
    ],
  };
}
