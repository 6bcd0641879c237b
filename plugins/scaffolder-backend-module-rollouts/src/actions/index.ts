export {
  createGenerateRolloutConfigAction,
  GENERATE_ACTION_ID,
} from './generateConfig';
export { createLintRolloutConfigAction, LINT_ACTION_ID } from './lintConfig';
export type { RolloutsActionOptions } from './options';
export {
  createGiteaPullRequestAction,
  GITEA_PULL_REQUEST_ACTION_ID,
} from './giteaPullRequest';
