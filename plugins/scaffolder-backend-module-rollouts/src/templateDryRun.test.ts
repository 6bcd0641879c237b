/*
 * One real run of the demo template through the scaffolder API: the real
 * scaffolder backend with this module, `POST /api/scaffolder/v2/dry-run`.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleRollouts } from './module';
import { CRD_DIRECTORY, TEMPLATE_PATH } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

describe('progressive-delivery template through the scaffolder API', () => {
  async function dryRun(values: Record<string, unknown>) {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleRollouts,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            rollouts: {
              defaults: { prometheus: { address: 'http://127.0.0.1:19090' } },
              policies: {
                maxFirstCanaryWeight: 15,
                requireAnalysisInNamespaces: ['prod*'],
              },
              validation: { crdDirectory: CRD_DIRECTORY },
            },
          },
        }),
      ],
    });
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: parse(fs.readFileSync(TEMPLATE_PATH, 'utf8')),
        values,
        secrets: {},
        directoryContents: [],
      });
  }

  const values = {
    component: 'component:default/user-service',
    image: 'ghcr.io/gradual/user-service:1.2.3',
    port: 8080,
    namespace: 'prod-eu',
    environment: 'production',
    replicas: 3,
    strategy: 'blueGreen',
    preset: 'blue-green-manual',
    repoUrl: '127.0.0.1:13300?owner=gradual&repo=user-service',
  };

  it('generates, lints and lists the config files', async () => {
    const response = await dryRun(values);
    expect(response.status).toBe(200);
    const files = response.body.directoryContents.map(
      (f: { path: string }) => f.path,
    );
    expect(files.sort()).toEqual([
      'repo/deploy/analysis-templates.yaml',
      'repo/deploy/rollout.yaml',
      'repo/deploy/services.yaml',
    ]);
    const rollout = parse(
      Buffer.from(
        response.body.directoryContents.find(
          (f: { path: string }) => f.path === 'repo/deploy/rollout.yaml',
        ).base64Content,
        'base64',
      ).toString('utf8'),
    );
    expect(rollout.metadata).toMatchObject({
      name: 'user-service',
      namespace: 'prod-eu',
    });
    expect(rollout.spec.strategy.blueGreen.autoPromotionEnabled).toBe(false);
    const texts = response.body.output.text.map(
      (t: { title: string }) => t.title,
    );
    expect(texts).toEqual(['Generated rollout config', 'Lint', 'Manifest']);
    expect(response.body.output.text[1].content).toContain('No findings');
    expect(response.body.steps.map((s: { id: string }) => s.id)).toEqual([
      'generate',
      'lint',
      'publish',
      'catalog-info',
      'publish-repository',
      'register',
      'recreate',
    ]);
  });

  it('fails the lint step on a policy violation', async () => {
    const response = await dryRun({
      ...values,
      strategy: 'canary',
      preset: 'fast-canary',
    });
    // a failing step fails the dry run with the step's error
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'InputError',
      message:
        'Rollout config has 1 error(s):\nERROR [max-first-canary-weight] Rollout/user-service spec.strategy.canary.steps[0].setWeight: The first canary step sends 20% of the traffic; the platform allows at most 15%',
    });
  });
});
