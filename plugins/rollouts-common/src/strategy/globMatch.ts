import { minimatch } from 'minimatch';

/**
 * Matches a name such as a namespace against a glob from config (`prod*`,
 * `team-?-prod`). Names have no slashes, so this is plain `*` / `?` matching.
 */
export function globMatch(pattern: string, name: string): boolean {
  return minimatch(name, pattern, { nocomment: true, nonegate: true });
}
