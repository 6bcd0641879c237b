/*
 * The demo template end to end on the real local Git host: a scaffolder task
 * (the real scaffolder backend with this module, `POST /api/scaffolder/v2/tasks`)
 * generates and lints the config and opens a pull request on a real Gitea
 * repository, or creates a new repository (publish:gitea) and registers the
 * component (catalog:register). The local Git host (Gitea of the local
 * cluster) comes from the environment (GRADUAL_GITEA_*, written by
 * scripts/ensure-test-services.sh); without it the suite fails saying so.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderGiteaModule from '@backstage/plugin-scaffolder-backend-module-gitea';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  GitHost,
  GitHostClient,
  gitHostIntegrations,
  requireGitHost,
  waitUntil,
} from '@gradual/test-utils';
import fs from 'node:fs';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { scaffolderModuleRollouts } from './module';
import { CRD_DIRECTORY, TEMPLATE_PATH } from './__testUtils__/fixtures';

/**
 * The catalog of the test backend: the template, and `addLocation` reads the
 * registered file from the Git host (its raw URL) as the catalog would.
 */
function registeringCatalog(template: any) {
  const registered: string[] = [];
  const catalog = catalogServiceMock({ entities: [template] });
  catalog.addLocation = async location => {
    if (!location.dryRun) registered.push(location.target);
    const raw = location.target.replace('/src/branch/', '/raw/branch/');
    const res = await fetch(raw);
    if (!res.ok) throw new Error(`${raw} answered ${res.status}`);
    const entities = parseAllDocuments(await res.text()).map(d => d.toJS());
    return {
      location: {
        id: '1',
        type: 'url',
        target: location.target,
        entityRef: 'location:default/generated-1',
      },
      entities,
      exists: false,
    };
  };
  return {
    registered,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
  };
}

jest.setTimeout(10 * 60_000);

let git: GitHost;
let api: GitHostClient;
const RUN = Date.now();
const repo = `template-e2e-${RUN}`;
/** The repository the new-service run creates. */
const newRepo = `template-new-${RUN}`;

beforeAll(async () => {
  git = requireGitHost();
  api = new GitHostClient(git);
  await api.request('POST', `/orgs/${git.org}/repos`, {
    name: repo,
    auto_init: true,
    default_branch: 'main',
  });
});

afterAll(async () => {
  if (!api) return;
  await api.request('DELETE', `/repos/${git.org}/${repo}`);
  await api.request('DELETE', `/repos/${git.org}/${newRepo}`).catch(() => {});
});

/** The real scaffolder with this module and publish:gitea, on the local Git host. */
async function startScaffolder() {
  const template = parse(fs.readFileSync(TEMPLATE_PATH, 'utf8'));
  template.metadata.namespace = 'default';
  // fetch:template resolves ./skeleton against the template's location
  template.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${TEMPLATE_PATH}`,
  };
  const catalog = registeringCatalog(template);
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleRollouts,
      scaffolderGiteaModule,
      catalog.factory,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          integrations: gitHostIntegrations(git),
          rollouts: {
            defaults: { prometheus: { address: 'http://127.0.0.1:19090' } },
            policies: { requireAnalysisInNamespaces: ['prod*'] },
            validation: { crdDirectory: CRD_DIRECTORY },
          },
        },
      }),
    ],
  });
  return { server, registered: catalog.registered };
}

/** Runs the template to its end; the task and its output (the completion event's body). */
async function runTask(server: any, values: Record<string, unknown>) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef: 'template:default/progressive-delivery', values });
  expect(created.status).toBe(201);
  const task = await waitUntil(
    'the task',
    async () => {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', mockCredentials.user.header());
      return ['completed', 'failed'].includes(res.body.status)
        ? res.body
        : undefined;
    },
    5 * 60_000,
    500,
  );
  const events = await request(server)
    .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
    .set('Authorization', mockCredentials.user.header());
  const completion = events.body.find(
    (e: { type: string }) => e.type === 'completion',
  );
  const log = events.body
    .filter((e: { type: string }) => e.type === 'log')
    .map((e: { body: { message: string } }) => e.body.message)
    .join('\n');
  return { task, output: completion?.body.output, log };
}

const SERVICE = {
  image: 'ghcr.io/gradual/user-service:1.2.3',
  port: 8080,
  namespace: 'prod-eu',
  environment: 'production',
  replicas: 3,
  strategy: 'blueGreen',
  preset: 'blue-green-manual',
};

describe('progressive-delivery template on the local Git host', () => {
  it('opens a pull request with the generated, lint-clean files', async () => {
    const { server, registered } = await startScaffolder();
    const host = new URL(git.url).host;
    const { task, output, log } = await runTask(server, {
      ...SERVICE,
      component: 'component:default/user-service',
      repoUrl: `${host}?owner=${git.org}&repo=${repo}`,
    });
    // the task's log is the message when it failed
    expect(task.status === 'completed' ? task.status : log).toBe('completed');

    const pulls = await api.request<
      { number: number; html_url: string; head: { ref: string } }[]
    >('GET', `/repos/${git.org}/${repo}/pulls?state=open`);
    expect(pulls).toHaveLength(1);
    expect(pulls[0].head.ref).toBe('progressive-delivery-blue-green-manual');
    const links = output?.links ?? [];
    expect(links[0]).toMatchObject({
      title: 'Pull request',
      url: pulls[0].html_url,
    });
    expect(links[1]).toMatchObject({
      entityRef: 'component:default/user-service',
    });
    // an existing component: nothing new to register
    expect(registered).toEqual([]);
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

  it('creates the repository of a new service and registers its component', async () => {
    const { server, registered } = await startScaffolder();
    const host = new URL(git.url).host;
    const { task, output, log } = await runTask(server, {
      ...SERVICE,
      repository: 'new',
      name: 'checkout-service',
      owner: 'group:default/team-a',
      repoUrl: `${host}?owner=${git.org}&repo=${newRepo}`,
    });
    // the task's log is the message when it failed
    expect(task.status === 'completed' ? task.status : log).toBe('completed');

    const contentsUrl = `${git.url}/${git.org}/${newRepo}/src/branch/main/`;
    expect(registered).toEqual([`${contentsUrl}catalog-info.yaml`]);
    expect(output?.links).toEqual([
      expect.objectContaining({ title: 'Repository', url: contentsUrl }),
      expect.objectContaining({
        entityRef: 'component:default/checkout-service',
      }),
    ]);

    const tree = await api.request<{ tree: { path: string }[] }>(
      'GET',
      `/repos/${git.org}/${newRepo}/git/trees/main?recursive=true`,
    );
    expect(tree.tree.map(t => t.path)).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'deploy/analysis-templates.yaml',
        'deploy/rollout.yaml',
        'deploy/services.yaml',
      ]),
    );
    const raw = async (file: string) =>
      parse(
        await (
          await fetch(
            `${git.url}/${git.org}/${newRepo}/raw/branch/main/${file}`,
          )
        ).text(),
      );
    expect(await raw('catalog-info.yaml')).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'checkout-service',
        annotations: {
          'backstage.io/kubernetes-id': 'checkout-service',
          'backstage.io/kubernetes-namespace': 'prod-eu',
        },
      },
      spec: { owner: 'group:default/team-a' },
    });
    expect(await raw('deploy/rollout.yaml')).toMatchObject({
      kind: 'Rollout',
      metadata: { name: 'checkout-service', namespace: 'prod-eu' },
    });
  });
});
