import { withManagedRoutes } from './managedRoutes';
import type { CanaryStrategySpec } from './types';

describe('withManagedRoutes', () => {
  const spec: CanaryStrategySpec = {
    strategy: 'canary',
    trafficRouting: {
      istio: { virtualService: { name: 'web' } },
      managedRoutes: ['kept'],
    },
    steps: [
      { setHeaderRoute: { name: 'beta', match: [] } },
      { setWeight: 10 },
      { setMirrorRoute: { name: 'mirror', percentage: 5 } },
      { setHeaderRoute: { name: 'beta' } },
      { setHeaderRoute: { name: 'kept' } },
    ],
  };

  it('adds the routes the steps name, once, after the listed ones', () => {
    expect(withManagedRoutes(spec).trafficRouting!.managedRoutes).toEqual([
      'kept',
      'beta',
      'mirror',
    ]);
    expect(spec.trafficRouting!.managedRoutes).toEqual(['kept']);
  });

  it('returns the same spec when nothing is missing or there is no router', () => {
    const complete = withManagedRoutes(spec);
    expect(withManagedRoutes(complete)).toBe(complete);
    const noRouting = { ...spec, trafficRouting: undefined };
    expect(withManagedRoutes(noRouting)).toBe(noRouting);
  });
});
