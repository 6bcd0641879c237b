/**
 * Configuration of `@gradual/plugin-scaffolder-backend-module-rollouts`.
 * `rollouts.defaults` and `rollouts.policies` are documented in
 * `@gradual/plugin-rollouts-common` (config.d.ts), whose reader this module uses.
 */
export interface Config {
  rollouts?: {
    /** Validation of generated and linted manifests. */
    validation?: {
      /**
       * Directory with the Argo Rollouts CRD YAML files (`manifests/crds` of
       * the Argo Rollouts release in use), relative to the backend's working
       * directory. Without it, CRD schema validation is skipped.
       */
      crdDirectory?: string;
    };
  };
}
