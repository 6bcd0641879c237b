import { LoggerService } from '@backstage/backend-plugin-api';

/** Where an action can be held: after its pending row, before or after its patches. */
export type HoldPoint = 'before-patch' | 'after-patch';

/** The environment variable that turns the holds on (tests only). */
export const HOLD_ACTIONS_ENV = 'GRADUAL_TEST_HOLD_ACTIONS';

/**
 * Test-only fault injection, off unless `GRADUAL_TEST_HOLD_ACTIONS` is set
 * (e.g. `promote:after-patch,pause:before-patch`): each action named is
 * held at that point for good, after a warn line
 * `fault injection: holding <action> <point>`, so that a test can SIGKILL the
 * replica exactly between the action's pending history row and its patch, or
 * between the patch and the completed row.
 */
export class ActionHolds {
  readonly #holds: Map<string, HoldPoint>;
  readonly #logger: LoggerService;

  constructor(spec: string | undefined, logger: LoggerService) {
    this.#logger = logger;
    this.#holds = new Map();
    for (const item of (spec ?? '').split(',')) {
      const [action, point] = item.trim().split(':');
      if (!action) continue;
      if (point !== 'before-patch' && point !== 'after-patch') {
        throw new Error(
          `${HOLD_ACTIONS_ENV}: "${item}" is not <action>:before-patch or <action>:after-patch`,
        );
      }
      this.#holds.set(action, point);
    }
    if (this.#holds.size) {
      logger.warn(
        `fault injection is on (${HOLD_ACTIONS_ENV}=${spec}): actions are held, this replica is for tests only`,
      );
    }
  }

  static fromEnvironment(logger: LoggerService): ActionHolds {
    return new ActionHolds(process.env[HOLD_ACTIONS_ENV], logger);
  }

  /** Never resolves when `action` is held at `point`; resolves at once otherwise. */
  async at(
    action: string,
    point: HoldPoint,
    rollout: { namespace: string; name: string },
  ): Promise<void> {
    if (this.#holds.get(action) !== point) return;
    this.#logger.warn(
      `fault injection: holding ${action} ${point} (${rollout.namespace}/${rollout.name})`,
    );
    await new Promise<never>(() => {});
  }
}
