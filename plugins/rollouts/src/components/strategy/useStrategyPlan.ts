import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  RolloutDetail,
  StrategyChangeResponse,
  StrategySpec,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef, type EntityName } from '../../api';

const PLAN_DELAY_MS = 400;

/**
 * The dry-run plan of `spec`, made a little after the last edit; a newer
 * edit wins over an older answer. `replan()` asks again for the same spec.
 */
export function useStrategyPlan(options: {
  entityName: EntityName;
  detail: RolloutDetail;
  spec?: StrategySpec;
  enabled: boolean;
}) {
  const { entityName, detail, spec, enabled } = options;
  const api = useApi(rolloutsApiRef);
  const [plan, setPlan] = useState<StrategyChangeResponse>();
  const [planError, setPlanError] = useState<Error>();
  const [planning, setPlanning] = useState(false);
  const [replanCount, setReplanCount] = useState(0);
  const planSeq = useRef(0);

  useEffect(() => {
    if (!spec || !enabled) return undefined;
    const seq = ++planSeq.current;
    setPlanning(true);
    const timer = setTimeout(async () => {
      try {
        const result = await api.changeStrategy(entityName, detail, {
          spec,
          dryRun: true,
        });
        if (seq !== planSeq.current) return;
        setPlan(result);
        setPlanError(undefined);
      } catch (e) {
        if (seq !== planSeq.current) return;
        setPlan(undefined);
        setPlanError(e as Error);
      } finally {
        if (seq === planSeq.current) setPlanning(false);
      }
    }, PLAN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, entityName, detail, spec, enabled, replanCount]);

  return {
    plan,
    planError,
    planning,
    replan: () => setReplanCount(r => r + 1),
  };
}
