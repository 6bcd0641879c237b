/**
 * Removes secrets from a text before it is logged, returned or thrown:
 * the given tokens, and anything that looks like a bearer token or a JWT.
 */
export function scrubSecrets(
  text: string,
  secrets: Array<string | undefined> = [],
): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      out = out.split(secret).join('[redacted]');
    }
  }
  return out
    .replace(/(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, '$1[redacted]')
    .replace(
      /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
      '[redacted]',
    );
}
