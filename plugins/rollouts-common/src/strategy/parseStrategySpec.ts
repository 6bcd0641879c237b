/*
 * Checks that untyped data (scaffolder action input, `rollouts.defaults`
 * presets, the change-strategy request body) is a StrategySpec, with ajv and
 * the JSON Schema in ./specSchema. Pure: runs in the backend and the browser.
 */
import Ajv from 'ajv';
import { InputError } from '@backstage/errors';
import { STRATEGY_SPEC_JSON_SCHEMA } from './specSchema';
import type { StrategySpec } from './types';

const ajv = new Ajv({ strict: false, allErrors: true });
const validateSpec = ajv.compile(STRATEGY_SPEC_JSON_SCHEMA);

/** Returns the spec, or throws an InputError naming every problem. */
export function parseStrategySpec(value: unknown, where: string): StrategySpec {
  if (validateSpec(value)) return value as unknown as StrategySpec;
  // oneOf reports both branches; keep the branch of the declared strategy.
  const declared = (value as { strategy?: unknown })?.strategy;
  const branch = declared === 'blueGreen' ? '/oneOf/1/' : '/oneOf/0/';
  const errors = (validateSpec.errors ?? []).filter(
    e => e.schemaPath.includes(branch) || !e.schemaPath.includes('/oneOf/'),
  );
  const details = errors
    .filter(e => e.keyword !== 'oneOf')
    .map(e => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` '${
              (e.params as { additionalProperty: string }).additionalProperty
            }'`
          : '';
      return `${e.instancePath || '/'} ${e.message}${extra}`;
    });
  throw new InputError(
    `${where} is not a valid strategy spec: ${
      details.join('; ') || 'strategy must be canary or blueGreen'
    }`,
  );
}
