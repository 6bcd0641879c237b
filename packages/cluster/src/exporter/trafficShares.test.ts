import {
  PodView,
  PREVIEW_SHARE,
  ROLLOUT_RPS,
  trafficShares,
} from './trafficShares';

function pod(
  name: string,
  hash: string,
  ready = true,
  rollout = 'web',
): PodView {
  return { key: `ns/${name}`, namespace: 'ns', rollout, hash, ready };
}

describe('trafficShares', () => {
  it('follows the canary weight set by the controller', () => {
    const pods = [
      pod('s1', 'stable'),
      pod('s2', 'stable'),
      pod('c1', 'canary'),
    ];
    const shares = trafficShares(
      [
        {
          namespace: 'ns',
          name: 'web',
          canaryWeights: {
            canaryHash: 'canary',
            canaryWeight: 10,
            stableHash: 'stable',
          },
        },
      ],
      pods,
    );
    expect(shares.get('ns/c1')).toBeCloseTo(ROLLOUT_RPS * 0.1);
    expect(shares.get('ns/s1')).toBeCloseTo(ROLLOUT_RPS * 0.45);
    expect(shares.get('ns/s2')).toBeCloseTo(ROLLOUT_RPS * 0.45);
  });

  it('sends everything to stable when there are no canary pods', () => {
    const shares = trafficShares(
      [
        {
          namespace: 'ns',
          name: 'web',
          canaryWeights: {
            canaryHash: 'canary',
            canaryWeight: 10,
            stableHash: 'stable',
          },
        },
      ],
      [pod('s1', 'stable')],
    );
    expect(shares.get('ns/s1')).toBeCloseTo(ROLLOUT_RPS);
  });

  it('sends blue-green traffic to active and a trickle to preview', () => {
    const shares = trafficShares(
      [
        {
          namespace: 'ns',
          name: 'web',
          blueGreen: { activeHash: 'blue', previewHash: 'green' },
        },
      ],
      [pod('b1', 'blue'), pod('g1', 'green'), pod('old', 'older')],
    );
    expect(shares.get('ns/b1')).toBeCloseTo(ROLLOUT_RPS);
    expect(shares.get('ns/g1')).toBeCloseTo(ROLLOUT_RPS * PREVIEW_SHARE);
    expect(shares.has('ns/old')).toBe(false);
  });

  it('splits uniformly over ready pods otherwise, ignoring other rollouts', () => {
    const shares = trafficShares(
      [{ namespace: 'ns', name: 'web' }],
      [
        pod('a', 'h1'),
        pod('b', 'h2'),
        pod('c', 'h2', false),
        pod('d', 'h1', true, 'api'),
      ],
    );
    expect(shares.get('ns/a')).toBeCloseTo(ROLLOUT_RPS / 2);
    expect(shares.get('ns/b')).toBeCloseTo(ROLLOUT_RPS / 2);
    expect(shares.has('ns/c')).toBe(false);
    expect(shares.has('ns/d')).toBe(false);
  });
});
