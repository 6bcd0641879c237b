import type { RolloutSummary } from '@gradual/plugin-rollouts-common';
import { CliError, EXIT } from './exitCodes';

export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

export interface RolloutName {
  cluster: string;
  namespace: string;
  name: string;
}

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** `component:default/shop`, `component:shop` or `shop` (kind component, namespace default). */
export function parseEntityName(text: string): EntityName {
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(text.trim());
  const entity = m && {
    kind: (m[1] ?? 'component').toLowerCase(),
    namespace: m[2] ?? 'default',
    name: m[3],
  };
  if (
    !entity ||
    ![entity.kind, entity.namespace, entity.name].every(p => PART.test(p))
  ) {
    throw new CliError(
      `invalid entity ${JSON.stringify(
        text,
      )}: expected [kind:][namespace/]name, e.g. component:default/shop`,
      EXIT.badInput,
    );
  }
  return entity;
}

/**
 * The rollout an argument names among the entity's rollouts:
 * `cluster/namespace/name`, `namespace/name` or `name`, or the only one when
 * the argument is absent. Unknown or ambiguous → bad input.
 */
export function pickRollout(
  items: RolloutSummary[],
  text: string | undefined,
  entity: string,
): RolloutName {
  const parts = text ? text.split('/') : [];
  if (parts.length > 3 || parts.some(p => !p)) {
    throw new CliError(
      `invalid rollout ${JSON.stringify(
        text,
      )}: expected [[cluster/]namespace/]name`,
      EXIT.badInput,
    );
  }
  const [name, namespace, cluster] = [...parts].reverse();
  const matches = items.filter(
    r =>
      (name === undefined || r.name === name) &&
      (namespace === undefined || r.namespace === namespace) &&
      (cluster === undefined || r.cluster === cluster),
  );
  const all = items.map(r => `${r.cluster}/${r.namespace}/${r.name}`);
  if (matches.length === 1) {
    const [r] = matches;
    return { cluster: r.cluster, namespace: r.namespace, name: r.name };
  }
  if (matches.length === 0) {
    throw new CliError(
      text
        ? `no rollout ${text} for ${entity}; it has: ${
            all.join(', ') || 'none'
          }`
        : `${entity} has no rollouts`,
      EXIT.badInput,
    );
  }
  throw new CliError(
    `${entity} has ${matches.length} rollouts${
      text ? ` matching ${text}` : ''
    }; name one of: ${matches
      .map(r => `${r.cluster}/${r.namespace}/${r.name}`)
      .join(', ')}`,
    EXIT.badInput,
  );
}
