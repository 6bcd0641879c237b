/*
 * The demo template end to end on the real local Git host: a scaffolder task
 * (the real scaffolder backend with this module, `POST /api/scaffolder/v2/tasks`)
 * generates and lints the config and opens a pull request on a real Gitea
 * repository. Starts the local Git host when it is not running (the cached
 * Gitea build; `yarn cluster up` builds it).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  GiteaApi,
  GitHostInfo,
  ensureGitHostUp,
  waitFor,
} from '@gradual/local-cluster';
import fs from 'node:fs';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleRollouts } from './module';
import { CRD_DIRECTORY, TEMPLATE_PATH } from './__testUtils__/fixtures';

jest.setTimeout(10 * 60_000);

let git: GitHostInfo;
let api: GiteaApi;
const repo = `template-e2e-${Date.now()}`;

beforeAll(async () => {
  git = await ensureGitHostUp({
    progress: line => process.stderr.write(`${line}\n`),
  });
  api = new GiteaApi(git.url, git.token);
  await api.request('POST', `/orgs/${git.org}/repos`, {
    name: repo,
    auto_init: true,
    default_branch: 'main',
  });
});

afterAll(async () => {
  if (api) await api.request('DELETE', `/repos/${git.org}/${repo}`);
});

describe('progressive-delivery template on the local Git host', () => {
  it('opens a pull request with the generated, lint-clean files', async () => {
    const template = parse(fs.readFileSync(TEMPLATE_PATH, 'utf8'));
    template.metadata.namespace = 'default';
    const host = new URL(git.url).host;
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleRollouts,
        catalogServiceMock.factory({ entities: [template] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            integrations: {
              gitea: [
                {
                  host,
                  baseUrl: git.url,
                  username: git.username,
                  password: git.token,
                },
              ],
            },
            rollouts: {
              defaults: { prometheus: { address: 'http://127.0.0.1:19090' } },
              policies: { requireAnalysisInNamespaces: ['prod*'] },
              validation: { crdDirectory: CRD_DIRECTORY },
            },
          },
        }),
      ],
    });
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/progressive-delivery',
        values: {
          component: 'component:default/user-service',
          image: 'ghcr.io/gradual/user-service:1.2.3',
          port: 8080,
          namespace: 'prod-eu',
          environment: 'production',
          replicas: 3,
          strategy: 'blueGreen',
          preset: 'blue-green-manual',
          repoUrl: `${host}?owner=${git.org}&repo=${repo}`,
        },
      });
    expect(created.status).toBe(201);
    const task = await waitFor(
      async () => {
        const res = await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', mockCredentials.user.header());
        return ['completed', 'failed'].includes(res.body.status)
          ? res.body
          : undefined;
      },
      { timeoutMs: 5 * 60_000, intervalMs: 500, description: 'the task' },
    );
    expect(task.status).toBe('completed');

    const pulls = await api.request<
      { number: number; html_url: string; head: { ref: string } }[]
    >('GET', `/repos/${git.org}/${repo}/pulls?state=open`);
    expect(pulls).toHaveLength(1);
    expect(pulls[0].head.ref).toBe('progressive-delivery-blue-green-manual');
    // the task's output is the body of its completion event
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', mockCredentials.user.header());
    const output = events.body.find(
      (e: { type: string }) => e.type === 'completion',
    )?.body.output;
    const links = output?.links ?? [];
    expect(links[0]).toMatchObject({ url: pulls[0].html_url });
    const lint = (output?.text ?? []).find(
      (t: { title: string }) => t.title === 'Lint',
    );
    expect(lint.content).toContain('No findings');

    const files = await api.request<{ filename: string }[]>(
      'GET',
      `/repos/${git.org}/${repo}/pulls/${pulls[0].number}/files`,
    );
    expect(files.map(f => f.filename).sort()).toEqual([
      'deploy/analysis-templates.yaml',
      'deploy/rollout.yaml',
      'deploy/services.yaml',
    ]);
    const rollout = await api.request<{ content: string }>(
      'GET',
      `/repos/${git.org}/${repo}/contents/deploy/rollout.yaml?ref=progressive-delivery-blue-green-manual`,
    );
    const manifest = parse(Buffer.from(rollout.content, 'base64').toString());
    expect(manifest).toMatchObject({
      kind: 'Rollout',
      metadata: { name: 'user-service', namespace: 'prod-eu' },
    });
    expect(manifest.spec.strategy.blueGreen.autoPromotionEnabled).toBe(false);
  });
});
