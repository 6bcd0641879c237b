import {
  StrategySpec,
  parseStrategySpec,
} from '@gradual/plugin-rollouts-common';

/** A strategy change request body, read. */
export interface StrategyChangeRequest {
  spec: StrategySpec;
  /** Plan only (read permission); otherwise apply. */
  dryRun: boolean;
  expected?: { resourceVersion?: string };
}

/** Reads a strategy change body; 400 when the spec is not a valid strategy. */
export function parseStrategyChangeRequest(
  body: unknown,
): StrategyChangeRequest {
  const request = (body ?? {}) as {
    spec?: unknown;
    dryRun?: boolean;
    expected?: { resourceVersion?: string };
  };
  return {
    spec: parseStrategySpec(request.spec, 'spec'),
    dryRun: request.dryRun === true,
    ...(request.expected ? { expected: request.expected } : {}),
  };
}
