import { parseRequestTotals, requestDelta, total } from './apiserverMetrics';

const scrape = (pods: number, leases: number, rollouts = 0) => `
# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.
# TYPE apiserver_request_total counter
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} ${pods}
apiserver_request_total{code="200",component="apiserver",dry_run="",group="coordination.k8s.io",resource="leases",scope="namespace",subresource="",verb="PUT",version="v1"} ${leases}
apiserver_request_total{code="200",component="apiserver",dry_run="",group="argoproj.io",resource="rollouts",scope="namespace",subresource="status",verb="PATCH",version="v1alpha1"} ${rollouts}
apiserver_request_duration_seconds_count{verb="LIST"} 99
apiserver_request_total_other{verb="LIST"} 5
`;

describe('apiserver_request_total', () => {
  it('parses only the request counter, with its labels', () => {
    const samples = parseRequestTotals(scrape(3, 7, 1));
    expect(samples).toEqual([
      {
        verb: 'LIST',
        group: '',
        resource: 'pods',
        subresource: '',
        code: '200',
        value: 3,
      },
      {
        verb: 'PUT',
        group: 'coordination.k8s.io',
        resource: 'leases',
        subresource: '',
        code: '200',
        value: 7,
      },
      {
        verb: 'PATCH',
        group: 'argoproj.io',
        resource: 'rollouts',
        subresource: 'status',
        code: '200',
        value: 1,
      },
    ]);
  });

  it('computes the delta between two scrapes, omitting unchanged series', () => {
    const delta = requestDelta(
      parseRequestTotals(scrape(3, 7)),
      parseRequestTotals(scrape(15, 9)),
    );
    expect(Object.fromEntries(delta)).toEqual({
      'LIST pods 200': 12,
      'PUT coordination.k8s.io/leases 200': 2,
    });
    expect(total(delta)).toBe(14);
    expect(total(delta, k => k.startsWith('LIST '))).toBe(12);
  });

  it('counts a series that appears only in the second scrape', () => {
    const before = parseRequestTotals(
      scrape(1, 1)
        .split('\n')
        .filter(l => !l.includes('rollouts'))
        .join('\n'),
    );
    const after = parseRequestTotals(scrape(1, 1, 4));
    expect(Object.fromEntries(requestDelta(before, after))).toEqual({
      'PATCH argoproj.io/rollouts/status 200': 4,
    });
  });
});
