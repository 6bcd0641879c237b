/*
 * Secret leak checks: where a secret must never show up (logs, audit events,
 * answers), what counts as showing it.
 */

/**
 * The pieces of a secret that must never show up: the whole value and,
 * for a JWT, its payload and signature segments (a truncated or re-wrapped
 * token still leaks them).
 */
export function secretFragments(secret: string): string[] {
  const parts = secret.split('.').filter(p => p.length >= 16);
  return [secret, ...(parts.length > 1 ? parts.slice(1) : [])];
}

/** The secrets (by label) found in a text. */
export function leakedSecrets(
  text: string,
  secrets: Record<string, string>,
): string[] {
  return Object.entries(secrets)
    .filter(([, s]) => s && secretFragments(s).some(f => text.includes(f)))
    .map(([label]) => label);
}
