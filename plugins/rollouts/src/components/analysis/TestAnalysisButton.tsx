import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  analysisDryRunPermission,
  type AnalysisArgValue,
  type RolloutRef,
} from '@gradual/plugin-rollouts-common';
import { TestAnalysisDialog } from './TestAnalysisDialog';

/** @public */
export interface TestAnalysisButtonProps {
  /**
   * The rollout the analysis is tested for: `cluster` (whose configured
   * Prometheus is queried) and `namespace` (where named templates are read);
   * `name`, `currentPodHash` and `stablePodHash` prefill the args
   * `rollout`, `canary-hash` and `stable-hash`. A `RolloutDetail` fits.
   */
  rollout: RolloutRef & { currentPodHash?: string; stablePodHash?: string };
  /**
   * The strategy (`spec.strategy`) whose referenced AnalysisTemplates are
   * offered, e.g. `RolloutDetail.strategySpec` or a strategy being edited.
   */
  strategySpec?: unknown;
  /** Extra template names to offer (e.g. those a new strategy would use). */
  templates?: string[];
  /** Inline AnalysisTemplate YAML to start with; opens on the YAML tab. */
  initialYaml?: string;
  /** Extra or overriding args to prefill. */
  args?: AnalysisArgValue[];
  /** Button label. Default "Test analysis". */
  label?: string;
  size?: 'small' | 'medium';
}

/**
 * "Test analysis": pick an AnalysisTemplate the rollout references (or paste
 * YAML), fill its args and run it once now through
 * `POST /api/rollouts/analysis/dry-run`; shows each metric's phase, value,
 * message and timing. Needs `rollouts.analysis.dry-run`.
 *
 * @public
 */
export function TestAnalysisButton(props: TestAnalysisButtonProps) {
  const [open, setOpen] = useState(false);
  const permission = usePermission({ permission: analysisDryRunPermission });
  const label = props.label ?? 'Test analysis';
  let reason: string | undefined;
  if (permission.loading) reason = 'Checking your permissions…';
  else if (!permission.allowed)
    reason = 'You do not have permission to dry-run analysis templates.';
  return (
    <>
      <Tooltip title={reason ?? ''}>
        <span data-testid="action-test-analysis-wrapper">
          <Button
            variant="outlined"
            size={props.size ?? 'small'}
            onClick={() => setOpen(true)}
            disabled={reason !== undefined}
            data-testid="action-test-analysis"
            aria-label={reason ? `${label} (unavailable: ${reason})` : label}
          >
            {label}
          </Button>
        </span>
      </Tooltip>
      {open && <TestAnalysisDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
}
