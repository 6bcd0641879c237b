/*
 * How a simulated pod answers requests, by its image tag: a tag ending in
 * "-bad" gives about 15% 5xx and a slow p99 (well above 0.5 s); any other
 * tag gives about 0.1% 5xx and a p99 around 0.1–0.25 s.
 */

export interface TrafficProfile {
  errorRate: number;
  /** Draws one request latency in seconds from `random` (uniform in [0,1)). */
  latency(random: () => number): number;
}

export const GOOD_PROFILE: TrafficProfile = {
  errorRate: 0.001,
  latency: random => {
    const r = random();
    if (r < 0.98) return 0.01 + random() * 0.06; // 10–70 ms
    return 0.08 + random() * 0.12; // tail: 80–200 ms
  },
};

export const BAD_PROFILE: TrafficProfile = {
  errorRate: 0.15,
  latency: random => {
    const r = random();
    if (r < 0.85) return 0.03 + random() * 0.12; // 30–150 ms
    return 0.8 + random() * 1.6; // slow tail: 0.8–2.4 s
  },
};

/** The tag of an image reference (after the last ':' of the last path part). */
export function imageTag(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  return colon >= 0 ? lastPart.slice(colon + 1) : 'latest';
}

export function profileForImage(image: string): TrafficProfile {
  return imageTag(image).endsWith('-bad') ? BAD_PROFILE : GOOD_PROFILE;
}

export interface SimulatedRequest {
  status: '200' | '500' | '503';
  seconds: number;
}

function pickErrorStatus(random: () => number): '500' | '503' {
  return random() < 0.5 ? '500' : '503';
}

/**
 * The requests one pod served in `dtSeconds` at `rps`. The count is the
 * expected count rounded at random, so fractional rates stay exact on average.
 */
export function simulateRequests(
  profile: TrafficProfile,
  rps: number,
  dtSeconds: number,
  random: () => number = Math.random,
): SimulatedRequest[] {
  const expected = rps * dtSeconds;
  const count = Math.floor(expected + random());
  const requests: SimulatedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const failed = random() < profile.errorRate;
    requests.push({
      status: failed ? pickErrorStatus(random) : '200',
      seconds: profile.latency(random),
    });
  }
  return requests;
}
