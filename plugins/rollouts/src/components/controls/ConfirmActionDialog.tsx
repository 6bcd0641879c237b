import { ReactNode, RefObject, useRef } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';

export interface ConfirmActionDialogProps {
  open: boolean;
  /** e.g. "Promote user-service?" */
  title: string;
  /** What will happen, in plain words. */
  description: ReactNode;
  /** Label of the confirm button, e.g. "Promote". */
  confirmLabel: string;
  /** Stable id for tests: the confirm button gets `data-testid="confirm-<testId>"`. */
  testId: string;
  busy?: boolean;
  confirmDisabled?: boolean;
  destructive?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** Extra form fields (set image). */
  children?: ReactNode;
  /** Element to focus once the dialog is shown; defaults to Cancel. */
  initialFocusRef?: RefObject<HTMLElement>;
}

/**
 * Confirmation step of every rollout action. Focus moves into the dialog
 * (Cancel, or the first form field) and returns to the button on close.
 */
export function ConfirmActionDialog(props: ConfirmActionDialogProps) {
  const {
    open,
    title,
    description,
    confirmLabel,
    testId,
    busy,
    confirmDisabled,
    destructive,
    onConfirm,
    onCancel,
    children,
    initialFocusRef,
  } = props;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = `confirm-${testId}-title`;
  const descriptionId = `confirm-${testId}-description`;
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onCancel}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      maxWidth="sm"
      fullWidth
      TransitionProps={{
        // Move focus to Cancel (the safe choice) once the dialog is shown,
        // or to the given field of a form (set image).
        onEntered: () => {
          (initialFocusRef?.current ?? cancelRef.current)?.focus();
        },
      }}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText id={descriptionId} component="div">
          {description}
        </DialogContentText>
        {children}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy} ref={cancelRef}>
          Cancel
        </Button>
        <Button
          onClick={onConfirm}
          color={destructive ? 'secondary' : 'primary'}
          variant="contained"
          disabled={busy || confirmDisabled}
          data-testid={`confirm-${testId}`}
          aria-label={`Confirm ${confirmLabel}`}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
