/*
 * The local Git host as the tests' environment names it (what
 * `yarn cluster git-host --env` prints and scripts/ensure-test-services.sh
 * writes to ~/.cache/gradual/test-services.env; @gradual/test-utils'
 * requireGitHost reads the same names).
 */
import { GitHostInfo } from './localGitHost';

function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value)
    ? value
    : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME=value` lines of the Git host's URL, organisation, admin user and token. */
export function gitHostEnv(host: GitHostInfo): string {
  const vars: Array<[string, string]> = [
    ['GRADUAL_GITEA_URL', host.url],
    ['GRADUAL_GITEA_ORG', host.org],
    ['GRADUAL_GITEA_USERNAME', host.username],
    ['GRADUAL_GITEA_TOKEN', host.token],
  ];
  return vars
    .map(([name, value]) => `export ${name}=${shellWord(value)}`)
    .join('\n');
}
