/**
 * The exit codes of `gradual`, documented in the package README:
 *
 * | code | meaning |
 * | ---- | ------- |
 * | 0 | done; for a wait: the state was reached |
 * | 1 | the rollout is Degraded or its update aborted (or the awaited state will not come); the backend failed |
 * | 2 | timeout: a wait ended before the state was reached |
 * | 3 | denied: no, wrong or expired token (401), or not permitted (403) |
 * | 4 | conflict: the rollout moved on (stale `--expected-step`), or the action does not apply now (409) |
 * | 5 | bad input: unknown entity, rollout or action, bad arguments, timeout out of range (400, 404) |
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  timeout: 2,
  denied: 3,
  conflict: 4,
  badInput: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the CLI with a message and an exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode) {
    super(message);
    this.name = 'CliError';
  }
}

/** The exit code of an HTTP error status of the backend. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.denied;
  if (status === 409) return EXIT.conflict;
  if (status === 400 || status === 404 || status === 413 || status === 422)
    return EXIT.badInput;
  return EXIT.failed;
}

/** The exit code of how a wait ended (`RolloutWaitResult.outcome`). */
export function exitCodeForOutcome(outcome: string): ExitCode {
  switch (outcome) {
    case 'reached':
      return EXIT.ok;
    case 'timeout':
      return EXIT.timeout;
    default:
      // degraded, aborted, or healthy while waiting for a pause
      return EXIT.failed;
  }
}
