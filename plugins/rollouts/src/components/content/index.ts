export { RolloutsContent, SELECTED_ROLLOUT_PARAM } from './RolloutsContent';
export {
  MissingAnnotationsEmptyState,
  NoRolloutsEmptyState,
  ROLLOUTS_DOCS_URL,
} from './RolloutsEmptyState';
