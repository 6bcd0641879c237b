/**
 * Scaffolder actions that generate and lint Argo Rollouts configs:
 * `rollouts:config:generate` and `rollouts:config:lint`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleRollouts as default } from './module';
export * from './actions';
export { CrdSchemaValidator, toJsonSchema } from './validation/crdValidation';
export type {
  CrdValidationResult,
  SchemaViolation,
} from './validation/crdValidation';
