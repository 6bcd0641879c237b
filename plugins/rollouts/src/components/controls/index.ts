export { ActionButton, disabledReason } from './ActionButton';
export type { ActionButtonProps, ActionDialogProps } from './ActionButton';
export { ConfirmActionDialog } from './ConfirmActionDialog';
export { RolloutControls } from './RolloutControls';
export { SetImageDialog } from './SetImageDialog';
export {
  RolloutActionsProvider,
  useRolloutActions,
  expectedFrom,
  MOVED_ON_MESSAGE,
} from './RolloutActionsContext';
