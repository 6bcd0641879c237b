export {
  createGenerateRolloutConfigAction,
  GENERATE_ACTION_ID,
} from './generateConfig';
export { createLintRolloutConfigAction, LINT_ACTION_ID } from './lintConfig';
export type { RolloutsActionOptions } from './options';
