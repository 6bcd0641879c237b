import { judgeCanary, JudgeMetricData } from './judge';

/** A seeded generator (mulberry32) so that the synthetic samples are the same on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal latencies around `median` seconds (Box–Muller). */
function latencies(
  seed: number,
  n: number,
  median: number,
  scale = 1,
): number[] {
  const next = random(seed);
  return Array.from({ length: n }, () => {
    const z =
      Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return median * Math.exp(0.2 * z) * scale;
  });
}

const errorRatio = (
  canary: [number, number],
  stable: [number, number],
  extra: Partial<JudgeMetricData> = {},
): JudgeMetricData => ({
  name: 'error-ratio',
  kind: 'errorRatio',
  critical: true,
  canary: { errors: canary[0], total: canary[1] },
  stable: { errors: stable[0], total: stable[1] },
  ...(extra as object),
});

const latency = (canary: number[], stable: number[]): JudgeMetricData => ({
  name: 'latency-p99',
  kind: 'latency',
  canary,
  stable,
});

describe('judgeCanary', () => {
  it('passes a canary that behaves like the stable pods', () => {
    const judgement = judgeCanary([
      errorRatio([5, 1000], [45, 9000]),
      latency(latencies(1, 20, 0.2), latencies(2, 20, 0.2)),
    ]);
    expect(judgement.verdict).toBe('pass');
    expect(judgement.score).toBe(100);
    expect(judgement.metrics.map(m => m.verdict)).toEqual(['pass', 'pass']);
    expect(judgement.metrics[0].test).toBe('fisher-exact');
    expect(judgement.metrics[1].test).toBe('mann-whitney-exact');
    expect(judgement.metrics[0].reason).toMatch(/^no significant degradation/);
  });

  it('fails a canary with an injected error rate, and a critical failure scores 0', () => {
    const judgement = judgeCanary([
      errorRatio([80, 1000], [45, 9000]),
      latency(latencies(3, 20, 0.2), latencies(4, 20, 0.2)),
    ]);
    expect(judgement.verdict).toBe('fail');
    expect(judgement.score).toBe(0);
    const errors = judgement.metrics[0];
    expect(errors.verdict).toBe('fail');
    expect(errors.pValue!).toBeLessThan(1e-10);
    expect(errors.canary).toEqual({ errors: 80, total: 1000, ratio: 0.08 });
    expect(errors.reason).toMatch(
      /^canary worse: canary error ratio 8\.00 % vs stable 0\.500 %/,
    );
    expect(judgement.reason).toMatch(/critical metric error-ratio failed/);
  });

  it('fails a latency regression on small samples with the exact test', () => {
    const judgement = judgeCanary([
      errorRatio([5, 1000], [45, 9000]),
      latency(latencies(5, 10, 0.3), latencies(6, 10, 0.2)),
    ]);
    const slow = judgement.metrics[1];
    expect(slow.test).toBe('mann-whitney-exact');
    expect(slow.verdict).toBe('fail');
    expect(slow.effectSize.value!).toBeGreaterThan(0.3);
    expect(judgement.score).toBe(50);
    expect(judgement.verdict).toBe('fail');
  });

  it('passes a tiny but significant shift on large samples by effect size', () => {
    const stable = latencies(7, 400, 0.2);
    const canary = latencies(8, 400, 0.2, 1.03); // +3 %: significant with n = 400, below the 10 % that matters
    const judgement = judgeCanary([
      errorRatio([11000, 1_000_000], [10000, 1_000_000]), // 1.1 % vs 1.0 %: significant, +0.1 point
      latency(canary, stable),
    ]);
    const [errors, slow] = judgement.metrics;
    expect(errors.adjustedPValue!).toBeLessThan(0.05);
    expect(errors.verdict).toBe('pass');
    expect(errors.reason).toMatch(/effect-size guard/);
    expect(slow.test).toBe('mann-whitney-normal');
    expect(slow.adjustedPValue!).toBeLessThan(0.05);
    expect(slow.verdict).toBe('pass');
    expect(slow.reason).toMatch(/effect-size guard/);
    expect(judgement.verdict).toBe('pass');
  });

  it('spends α over repeated checks: a borderline increase fails one check but not one of ten', () => {
    // 12/1000 vs 50/10000: Fisher's one-sided p = 0.00907.
    const metrics = [errorRatio([12, 1000], [50, 10000])];
    expect(judgeCanary(metrics, { looks: 1 }).verdict).toBe('fail');
    const tenLooks = judgeCanary(metrics, { looks: 10 });
    expect(tenLooks.alphaPerCheck).toBeCloseTo(0.005, 12);
    expect(tenLooks.verdict).toBe('pass');
  });

  it('adjusts across metrics with Holm', () => {
    // Same borderline error metric twice: each p = 0.00907, Holm-adjusted 0.0181.
    const metrics = [
      errorRatio([12, 1000], [50, 10000], { name: 'a', critical: false }),
      errorRatio([12, 1000], [50, 10000], { name: 'b', critical: false }),
    ];
    const judgement = judgeCanary(metrics, { alpha: 0.015 });
    expect(judgement.metrics[0].adjustedPValue).toBeCloseTo(
      2 * judgement.metrics[0].pValue!,
      12,
    );
    expect(judgement.metrics.map(m => m.verdict)).toEqual(['pass', 'pass']);
    expect(
      judgeCanary(metrics, { alpha: 0.02 }).metrics.map(m => m.verdict),
    ).toEqual(['fail', 'fail']);
  });

  it('gives marginal between the thresholds', () => {
    const metrics: JudgeMetricData[] = [
      ...[1, 2, 3].map(i => ({
        ...latency(latencies(10 + i, 10, 0.2), latencies(20 + i, 10, 0.2)),
        name: `ok-${i}`,
      })),
      {
        ...latency(latencies(30, 10, 0.5), latencies(31, 10, 0.2)),
        name: 'slow',
      },
    ];
    const judgement = judgeCanary(metrics);
    expect(judgement.score).toBe(75);
    expect(judgement.verdict).toBe('marginal');
  });

  it('scores 0 when half of the metrics have no data', () => {
    const judgement = judgeCanary([
      errorRatio([0, 0], [45, 9000]),
      latency(latencies(40, 10, 0.2), latencies(41, 10, 0.2)),
    ]);
    expect(judgement.metrics[0]).toMatchObject({
      verdict: 'nodata',
      reason: 'no data: no requests from the canary pods in the window',
      pValue: null,
    });
    expect(judgement.score).toBe(0);
    expect(judgement.verdict).toBe('fail');
  });
});
