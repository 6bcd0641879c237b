import { ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Alert from '@material-ui/lab/Alert';
import { usePermission } from '@backstage/plugin-permission-react';
import type {
  ActionRequest,
  RolloutActionName,
} from '@gradual/plugin-rollouts-common';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { useRolloutActions } from './RolloutActionsContext';
import { getActionRule } from './actionRules';

/** Props handed to a custom dialog (set image). */
export interface ActionDialogProps {
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (request?: Omit<ActionRequest, 'expected'>) => void;
}

export interface ActionButtonProps {
  action: RolloutActionName;
  /** Extra request fields (toRevision for undo). */
  request?: Omit<ActionRequest, 'expected'>;
  /** Overrides the rule's label, e.g. "Rollback to revision 1". */
  label?: string;
  /** Stable test id suffix; defaults to the action name. */
  testId?: string;
  icon?: ReactNode;
  /** A dialog other than the plain confirmation (set image). */
  renderDialog?: (props: ActionDialogProps) => ReactNode;
  size?: 'small' | 'medium';
}

/** Why a button is disabled, or undefined when it is enabled. */
export function disabledReason(options: {
  applicable: { applicable: boolean; reason?: string; forceable?: boolean };
  permission: { loading: boolean; allowed: boolean };
  label: string;
  pending: boolean;
}): string | undefined {
  const { applicable, permission, label, pending } = options;
  if (pending) {
    return 'Another action is in progress.';
  }
  if (permission.loading) {
    return 'Checking your permissions…';
  }
  if (!permission.allowed) {
    return `You do not have permission to ${label.toLocaleLowerCase(
      'en-US',
    )} this rollout.`;
  }
  // A forceable refusal is a warning: the dialog shows it and offers to go ahead.
  if (!applicable.applicable && !applicable.forceable) {
    return (
      applicable.reason ??
      `${label} does not apply to the rollout's current state.`
    );
  }
  return undefined;
}

/**
 * One rollout control: enabled only when the action applies (model rule) and
 * the user holds its permission on the entity; otherwise disabled with the
 * reason in a tooltip. Clicking asks for confirmation first.
 */
export function ActionButton(props: ActionButtonProps) {
  const { action, request, icon, renderDialog, size = 'small' } = props;
  const { detail, entityRef, pendingAction, run } = useRolloutActions();
  const rule = getActionRule(action);
  const label = props.label ?? rule.label;
  const testId = props.testId ?? action;
  const permission = usePermission({
    permission: rule.permission,
    resourceRef: entityRef,
  });
  const [open, setOpen] = useState(false);
  const busy = pendingAction === action && open;

  const applicability = rule.isApplicable(detail, request);
  /** The rule warns against the action; confirming sends `force`. */
  const warning =
    !applicability.applicable && applicability.forceable
      ? applicability.reason
      : undefined;
  const reason = disabledReason({
    applicable: applicability,
    permission,
    label,
    pending: pendingAction !== undefined && !open,
  });

  const confirm = async (extra?: Omit<ActionRequest, 'expected'>) => {
    await run(action, label, { ...request, ...extra });
    setOpen(false);
  };

  const button = (
    <Button
      variant="outlined"
      size={size}
      color={rule.destructive ? 'secondary' : 'primary'}
      disabled={reason !== undefined}
      onClick={() => setOpen(true)}
      startIcon={icon}
      data-testid={`action-${testId}`}
      aria-label={reason ? `${label} (unavailable: ${reason})` : label}
    >
      {label}
    </Button>
  );

  return (
    <>
      <Tooltip title={reason ?? warning ?? rule.describe(detail, request)}>
        {/* a span, so the tooltip also works on a disabled button */}
        <span data-testid={`action-${testId}-wrapper`}>{button}</span>
      </Tooltip>
      {open &&
        (renderDialog ? (
          renderDialog({
            open,
            busy,
            onCancel: () => setOpen(false),
            onConfirm: confirm,
          })
        ) : (
          <ConfirmActionDialog
            open={open}
            title={`${label} ${detail.name}?`}
            description={
              warning ? (
                <>
                  <Alert severity="warning" data-testid={`warning-${testId}`}>
                    {warning}
                  </Alert>
                  <p>{rule.describe(detail, request)}</p>
                </>
              ) : (
                rule.describe(detail, request)
              )
            }
            confirmLabel={warning ? `${label} anyway` : label}
            testId={testId}
            busy={busy}
            destructive={rule.destructive || warning !== undefined}
            onConfirm={() => confirm(warning ? { force: true } : undefined)}
            onCancel={() => setOpen(false)}
          />
        ))}
    </>
  );
}
