import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import { readRolloutsPlatformConfig } from '@gradual/plugin-rollouts-common';
import {
  createGiteaPullRequestAction,
  createGenerateRolloutConfigAction,
  createLintRolloutConfigAction,
} from './actions';
import { CrdSchemaValidator } from './validation/crdValidation';

/**
 * Registers `rollouts:config:generate`, `rollouts:config:lint` and
 * `rollouts:gitea:pull-request` with the scaffolder, configured from `rollouts.defaults`, `rollouts.policies` and
 * `rollouts.validation.crdDirectory`.
 */
export const scaffolderModuleRollouts = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'rollouts',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolderActions, config, logger }) {
        // the same reader as the rollouts backend plugin
        const { defaults, policies } = readRolloutsPlatformConfig(config);
        const crdDirectory = config.getOptionalString(
          'rollouts.validation.crdDirectory',
        );
        const crdValidator = crdDirectory
          ? CrdSchemaValidator.fromDirectory(path.resolve(crdDirectory))
          : undefined;
        logger.info(
          `Rollouts actions: ${
            Object.keys(defaults.presets).length
          } presets (default ${defaults.defaultPreset}), ${
            crdValidator
              ? `CRD schemas from ${crdDirectory}`
              : 'no CRD schema validation (rollouts.validation.crdDirectory not set)'
          }`,
        );
        const options = { defaults, policies, crdValidator };
        scaffolderActions.addActions(
          createGenerateRolloutConfigAction(options),
          createLintRolloutConfigAction(options),
          createGiteaPullRequestAction({ config }),
        );
      },
    });
  },
});
