/*
 * User segments as the header an edge proxy sets: a user-id bucket, a client
 * IP range or a user tier becomes a header match, which a `setHeaderRoute`
 * step (Istio and other routers with managed routes) or an nginx header
 * segment (`canary-by-header`) sends to the canary. The edge derives the
 * header from what it knows (the authenticated user id, the client address,
 * the account's tier) and strips any copy the client sent.
 */
import type {
  HeaderRouteMatch,
  HeaderSegmentSpec,
  SetHeaderRouteStep,
  StringMatch,
} from './types';

export type UserSegmentKind =
  | 'user-id-parity'
  | 'user-bucket'
  | 'ip-range'
  | 'user-tier';

/** A segment as one header condition, with the words that explain it. */
export interface UserSegment {
  kind: UserSegmentKind;
  header: string;
  match: StringMatch;
  description: string;
}

/** Headers the segments use unless told otherwise. */
export const SEGMENT_HEADERS = {
  userId: 'X-User-Id',
  userBucket: 'X-User-Bucket',
  clientIp: 'X-Client-Ip',
  userTier: 'X-User-Tier',
} as const;

const escapeRegex = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const group = (pattern: string) =>
  pattern.includes('|') ? `(${pattern})` : pattern;

/** A regex (no anchors) matching the decimal numbers lo..hi of one digit count. */
function sameLengthRange(lo: string, hi: string): string {
  if (lo.length === 1) {
    return lo === hi ? lo : `[${lo}-${hi}]`;
  }
  const rest = lo.length - 1;
  const anyRest = rest === 1 ? '[0-9]' : `[0-9]{${rest}}`;
  const [a, b] = [Number(lo[0]), Number(hi[0])];
  if (a === b)
    return `${lo[0]}${group(sameLengthRange(lo.slice(1), hi.slice(1)))}`;
  const parts: string[] = [];
  const loRestIsZero = /^0+$/.test(lo.slice(1));
  const hiRestIsNine = /^9+$/.test(hi.slice(1));
  const firstFull = loRestIsZero ? a : a + 1;
  const lastFull = hiRestIsNine ? b : b - 1;
  if (!loRestIsZero) {
    parts.push(`${a}${group(sameLengthRange(lo.slice(1), '9'.repeat(rest)))}`);
  }
  if (firstFull <= lastFull) {
    const digit =
      firstFull === lastFull ? `${firstFull}` : `[${firstFull}-${lastFull}]`;
    parts.push(`${digit}${anyRest}`);
  }
  if (!hiRestIsNine) {
    parts.push(`${b}${group(sameLengthRange('0'.repeat(rest), hi.slice(1)))}`);
  }
  return parts.join('|');
}

/**
 * A regex (no anchors, one group at most around alternatives) that matches
 * exactly the decimal numbers `lo`..`hi` written without leading zeros.
 */
export function numberRangeRegex(lo: number, hi: number): string {
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) {
    throw new Error(`not a range of non-negative integers: ${lo}..${hi}`);
  }
  const parts: string[] = [];
  for (let digits = String(lo).length; digits <= String(hi).length; digits++) {
    const from = Math.max(lo, digits === 1 ? 0 : 10 ** (digits - 1));
    const to = Math.min(hi, 10 ** digits - 1);
    if (from <= to) parts.push(sameLengthRange(String(from), String(to)));
  }
  return group(parts.join('|'));
}

/** Users whose numeric id is odd (or even): a regex on the last digit of the id header. */
export function userIdParitySegment(
  parity: 'odd' | 'even',
  header: string = SEGMENT_HEADERS.userId,
): UserSegment {
  return {
    kind: 'user-id-parity',
    header,
    match: { regex: parity === 'odd' ? '^[0-9]*[13579]$' : '^[0-9]*[02468]$' },
    description: `Users with an ${parity} numeric id (${header}, set by the edge from the signed-in user)`,
  };
}

/**
 * The first `percent` of 100 user buckets: the edge writes a stable bucket
 * 0–99 of the user id (e.g. a hash of it, modulo 100) into the header.
 */
export function userBucketSegment(
  percent: number,
  header: string = SEGMENT_HEADERS.userBucket,
): UserSegment {
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    throw new Error(
      `a bucket share is a whole percent from 1 to 100, not ${percent}`,
    );
  }
  return {
    kind: 'user-bucket',
    header,
    match: { regex: `^${numberRangeRegex(0, percent - 1)}$` },
    description: `${percent}% of users: buckets 0–${
      percent - 1
    } of ${header} (the edge sets hash(user id) mod 100)`,
  };
}

/** Parses `a.b.c.d/len` into its four octets and prefix length. */
function parseCidr(cidr: string): { octets: number[]; bits: number } {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(
    cidr.trim(),
  );
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m?.[5] === undefined ? 32 : Number(m[5]);
  if (!m || octets.some(o => o > 255) || bits > 32) {
    throw new Error(
      `not an IPv4 range in CIDR notation (e.g. 10.20.0.0/16): ${cidr}`,
    );
  }
  return { octets, bits };
}

/**
 * Clients in an IPv4 range, matched on the address the edge writes into the
 * header (the peer address it saw, not a client-supplied X-Forwarded-For):
 * a prefix for ranges on octet boundaries, a regex otherwise.
 */
export function ipRangeSegment(
  cidr: string,
  header: string = SEGMENT_HEADERS.clientIp,
): UserSegment {
  const { octets, bits } = parseCidr(cidr);
  const whole = Math.floor(bits / 8);
  const description = `Clients in ${cidr.trim()} (${header}, set by the edge to the client address)`;
  if (bits === 32) {
    return {
      kind: 'ip-range',
      header,
      match: { exact: octets.join('.') },
      description,
    };
  }
  const fixed = octets.slice(0, whole);
  if (bits % 8 === 0) {
    return {
      kind: 'ip-range',
      header,
      match: { prefix: fixed.length ? `${fixed.join('.')}.` : '' },
      description,
    };
  }
  const size = 2 ** (8 - (bits % 8));
  const start = octets[whole] - (octets[whole] % size);
  const partial = numberRangeRegex(start, start + size - 1);
  const rest = 3 - whole;
  const anyOctet = '[0-9]{1,3}';
  const regex = [
    ...fixed.map(String),
    partial,
    ...Array.from({ length: rest }, () => anyOctet),
  ].join('\\.');
  return {
    kind: 'ip-range',
    header,
    match: { regex: `^${regex}$` },
    description,
  };
}

/** Users of one tier (plan, cohort): the edge writes the account's tier into the header. */
export function userTierSegment(
  tier: string,
  header: string = SEGMENT_HEADERS.userTier,
): UserSegment {
  if (!tier.trim()) throw new Error('a user tier needs a name, e.g. beta');
  return {
    kind: 'user-tier',
    header,
    match: { exact: tier.trim() },
    description: `Users of tier ${tier.trim()} (${header}, set by the edge from the account)`,
  };
}

/** The header condition of a segment, for `setHeaderRoute.match`. */
export function segmentMatch(segment: UserSegment): HeaderRouteMatch {
  return { headerName: segment.header, headerValue: { ...segment.match } };
}

/** A `setHeaderRoute` step that sends the segment to the canary on route `routeName`. */
export function segmentHeaderRouteStep(
  routeName: string,
  segment: UserSegment,
): SetHeaderRouteStep {
  return {
    setHeaderRoute: { name: routeName, match: [segmentMatch(segment)] },
  };
}

/**
 * The same condition for nginx (`canary-by-header` with `-value` or
 * `-pattern`); nginx matches the pattern as a regex, so a prefix becomes an
 * anchored, escaped one.
 */
export function segmentToNginx(match: HeaderRouteMatch): HeaderSegmentSpec {
  const value = match.headerValue;
  if (value.exact !== undefined)
    return { header: match.headerName, value: value.exact };
  if (value.prefix !== undefined) {
    return {
      header: match.headerName,
      pattern: `^${escapeRegex(value.prefix)}`,
    };
  }
  return { header: match.headerName, pattern: value.regex ?? '' };
}

/** Whether a header value satisfies a match the way Istio and Argo read it (regex: whole value). */
export function headerValueMatches(match: StringMatch, value: string): boolean {
  if (match.exact !== undefined) return value === match.exact;
  if (match.prefix !== undefined) return value.startsWith(match.prefix);
  if (match.regex !== undefined)
    return new RegExp(`^(?:${match.regex})$`).test(value);
  return false;
}
