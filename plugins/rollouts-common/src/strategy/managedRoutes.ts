/*
 * Argo refuses a `setHeaderRoute` / `setMirrorRoute` step whose route is not
 * in `trafficRouting.managedRoutes`; the editor keeps the list complete.
 */
import type { CanaryStep, CanaryStrategySpec } from './types';

/** The route a header or mirror route step names, if it is one. */
export function stepRouteName(step: CanaryStep): string | undefined {
  if ('setHeaderRoute' in step) return step.setHeaderRoute.name;
  if ('setMirrorRoute' in step) return step.setMirrorRoute.name;
  return undefined;
}

/**
 * The spec with every route its steps name in `managedRoutes` (the listed
 * ones first, as they are; new names in step order). Unchanged when nothing
 * is missing; a spec without traffic routing is left alone (lint says why
 * route steps need a router).
 */
export function withManagedRoutes(
  spec: CanaryStrategySpec,
): CanaryStrategySpec {
  if (!spec.trafficRouting) return spec;
  const listed = spec.trafficRouting.managedRoutes ?? [];
  const missing = [
    ...new Set(
      spec.steps
        .map(stepRouteName)
        .filter((n): n is string => Boolean(n) && !listed.includes(n!)),
    ),
  ];
  if (missing.length === 0) return spec;
  return {
    ...spec,
    trafficRouting: {
      ...spec.trafficRouting,
      managedRoutes: [...listed, ...missing],
    },
  };
}
