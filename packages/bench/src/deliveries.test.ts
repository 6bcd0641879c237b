import { deliveriesPages } from './deliveries';
import { performanceSection } from './readme';

const summary = (p50: number, p95: number) => ({
  n: 30,
  p50,
  p95,
  min: 1,
  max: p95,
  mean: p50,
});

describe('deliveries bench scenario', () => {
  it('measures the first, the last, an owner and a free-text page', () => {
    const pages = deliveriesPages(10_020);
    expect(pages.map(p => p.label)).toEqual([
      'first page (by status)',
      'last page (by name)',
      'one owner',
      'free text',
    ]);
    expect(pages[1].query).toBe('limit=100&sort=name&offset=9920');
    expect(pages[2].query).toContain('owner=group%3Adefault%2Ffleet-team-3');
    expect(deliveriesPages(40)[1].query).toContain('offset=0');
  });

  it('puts the page figures and the date of their run into the README section', () => {
    const section = performanceSection({
      date: '2026-12-01T23:16:04.828Z',
      machine: { cpus: 2, node: 'v22' },
      cluster: { kubernetes: 'v1.29' },
      scenarios: {
        deliveries: {
          clusters: 10,
          rollouts: 1000,
          cacheReadySeconds: 42,
          note: 'same API server',
          pages: [
            {
              label: 'first page (by status)',
              itemsReturned: 100,
              totalDeliveries: 10_000,
              latency: summary(12.3, 31.5),
              apiRequestsPerView: 0,
              responseBytes: 81_000,
            },
          ],
        },
      },
      deliveriesRun: {
        date: '2026-12-02T15:50:00.000Z',
        durationSeconds: 300,
        command: 'yarn bench --deliveries-only',
      },
    });
    expect(section).toContain(
      '| first page (by status) | 100 / 10000 | 12.3 / 31.5 | 0 | 81 |',
    );
    expect(section).toContain(
      'with 10 cluster entries and 1000 bench rollouts each, from the watch cache (10000 deliveries in it in all): same API server.',
    );
    expect(section).toContain(
      'a separate run (`yarn bench --deliveries-only`, 2026-12-02T15:50 UTC, 300 s)',
    );
  });

  it('leaves the section out when no deliveries run was made', () => {
    const section = performanceSection({
      machine: { cpus: 2 },
      scenarios: {},
    });
    expect(section).not.toContain('Deliveries page API');
  });
});
