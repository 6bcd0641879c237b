import { renderResults } from './renderResults';

const latency = (p50: number, p95: number, n = 30) => ({
  n,
  p50,
  p95,
  min: p50,
  max: p95,
  mean: p50,
});

const run = {
  date: '2026-12-03T10:07:00.000Z',
  machine: { cpus: 2, memoryBytes: 24 * 2 ** 30, node: 'v22.22.0' },
  cluster: { kubernetes: 'v1.33.1' },
  scenarios: {
    views: [
      {
        clusters: 10,
        rollouts: 200,
        ours: { latency: latency(6.89, 100.97), apiRequestsPerView: 0 },
        kubernetes: {
          latency: latency(456.39, 916.56),
          apiRequestsPerView: 160,
        },
        speedup: 66.2,
      },
    ],
    propagation: [
      {
        clusters: 1,
        rollouts: 200,
        latency: latency(12.3, 23.3),
        publishLatency: latency(1.1, 2.2),
        missed: 0,
        measuredAt: 'browser',
      },
    ],
    memory: {
      at10k: {
        bytesPerRollout: 807,
        rollouts: 10_000,
        replicaSetsCreated: 10_000,
      },
      heapFor10kMiB: 7.7,
      managed: { bytesPerRollout: 3100, rollouts: 200 },
    },
  },
  viewSpeedupVsKubernetesBackend: 66.2,
  viewSpeedupScenario: '10 × 200',
  propagationP95Ms: 23.3,
  bytesPerCachedRollout: 807,
  promoteP50Ms: null,
  notes: ['the first note'],
};

describe('renderResults', () => {
  it('prints each scenario row with its figures, and the notes', () => {
    const text = renderResults(run);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'Gradual bench — 2026-12-03T10:07:00.000Z — 2 CPUs, 24 GiB, Node v22.22.0, Kubernetes v1.33.1',
    );
    const viewRow = lines.find(
      l => l.includes('10 × 200') && l.includes('66.2'),
    );
    // Three significant figures.
    expect(viewRow?.split('|').map(c => c.trim())).toEqual([
      '',
      '10 × 200',
      '6.89',
      '101',
      '0',
      '456',
      '917',
      '160',
      '66.2×',
      '',
    ]);
    const propagationRow = lines.find(l => l.startsWith('| 1 × 200'));
    expect(propagationRow).toMatch(/12\.3 .*23\.3 .*1\.1 .*browser/);
    expect(text).toContain('Promote: not measured');
    expect(text).toContain('Memory: 807 B per cached rollout at 10000');
    expect(text).toContain('3100 B per managed rollout with a pod (n=200)');
    expect(lines[lines.length - 1]).toBe('note: the first note');
  });
});
