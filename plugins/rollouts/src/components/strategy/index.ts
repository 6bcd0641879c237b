export { ChangeStrategyButton } from './ChangeStrategyButton';
export {
  ChangeStrategyDialog,
  RECREATE_EXPLANATION,
  applyDisabledReason,
} from './ChangeStrategyDialog';
export { StepsEditor } from './StepsEditor';
export { StrategyDiff } from './StrategyDiff';
