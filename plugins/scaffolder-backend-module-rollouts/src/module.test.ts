import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleRollouts } from './module';
import { CRD_DIRECTORY } from './__testUtils__/fixtures';

describe('scaffolderModuleRollouts', () => {
  it('registers its three actions, configured from app-config', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleRollouts,
        mockServices.rootConfig.factory({
          data: {
            rollouts: {
              defaults: { defaultPreset: 'fast-canary' },
              policies: { maxFirstCanaryWeight: 25 },
              validation: { crdDirectory: CRD_DIRECTORY },
            },
          },
        }),
      ],
    });
    expect(addActions.mock.calls[0].map((a: { id: string }) => a.id)).toEqual([
      'rollouts:config:generate',
      'rollouts:config:lint',
      'rollouts:gitea:pull-request',
    ]);
  });

  it('fails start-up on a default preset that does not exist', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
        ],
        features: [
          scaffolderModuleRollouts,
          mockServices.rootConfig.factory({
            data: { rollouts: { defaults: { defaultPreset: 'nope' } } },
          }),
        ],
      }),
    ).rejects.toThrow(
      /rollouts.defaults.defaultPreset names the unknown preset 'nope'/,
    );
  });
});
