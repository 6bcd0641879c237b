import { useState } from 'react';
import Button from '@material-ui/core/Button';
import { useRolloutActions } from '../controls/RolloutActionsContext';
import { ChangeStrategyDialog } from './ChangeStrategyDialog';

/**
 * Opens the change-strategy dialog. Always enabled: anyone who can read the
 * rollout may plan a change; applying it needs
 * `rollouts.rollout.strategy.update` (checked in the dialog and the backend).
 */
export function ChangeStrategyButton() {
  const { detail, refresh } = useRolloutActions();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="outlined"
        size="small"
        color="primary"
        onClick={() => setOpen(true)}
        data-testid="action-change-strategy"
        aria-haspopup="dialog"
      >
        Change strategy
      </Button>
      {open && (
        <ChangeStrategyDialog
          open={open}
          detail={detail}
          onClose={() => setOpen(false)}
          onApplied={refresh}
        />
      )}
    </>
  );
}
