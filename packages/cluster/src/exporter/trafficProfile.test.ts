import {
  BAD_PROFILE,
  GOOD_PROFILE,
  imageTag,
  profileForImage,
  simulateRequests,
} from './trafficProfile';

/** A deterministic uniform generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function p99(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length * 0.99)];
}

describe('imageTag / profileForImage', () => {
  it.each([
    ['registry.local/user-service:1.0.0', '1.0.0'],
    ['registry.local:5000/user-service:1.1.0-bad', '1.1.0-bad'],
    ['registry.local:5000/user-service', 'latest'],
    ['user-service:2@sha256:abc', '2'],
  ])('%s has tag %s', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });

  it('picks the bad profile only for tags ending in -bad', () => {
    expect(profileForImage('registry.local/x:1.1.0-bad')).toBe(BAD_PROFILE);
    expect(profileForImage('registry.local/x:1.1.0')).toBe(GOOD_PROFILE);
    expect(profileForImage('registry.local/bad-service:1.0.0')).toBe(
      GOOD_PROFILE,
    );
  });
});

describe('simulateRequests', () => {
  it('keeps the expected count for fractional rates', () => {
    const random = seeded(1);
    let total = 0;
    for (let i = 0; i < 1000; i++)
      total += simulateRequests(GOOD_PROFILE, 2.5, 1, random).length;
    expect(total).toBeGreaterThan(2400);
    expect(total).toBeLessThan(2600);
  });

  it('a good image fails rarely and has a p99 under 0.25s', () => {
    const requests = simulateRequests(GOOD_PROFILE, 20000, 1, seeded(2));
    const errors =
      requests.filter(r => r.status !== '200').length / requests.length;
    expect(errors).toBeLessThan(0.005);
    expect(p99(requests.map(r => r.seconds))).toBeLessThan(0.25);
  });

  it('a bad image fails about 15% of requests and has a p99 above 0.5s', () => {
    const requests = simulateRequests(BAD_PROFILE, 20000, 1, seeded(3));
    const errors =
      requests.filter(r => r.status !== '200').length / requests.length;
    expect(errors).toBeGreaterThan(0.12);
    expect(errors).toBeLessThan(0.18);
    expect(p99(requests.map(r => r.seconds))).toBeGreaterThan(0.5);
  });
});
