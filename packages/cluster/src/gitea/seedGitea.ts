/*
 * Seeds the local Git host idempotently: one organisation and one repository
 * per demo service holding that service's manifests (as the cluster applies
 * them) under deploy/. Existing repositories and files are left as they are,
 * so pull requests merged into them survive a re-run of `up`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ClusterConfig } from '../config';
import { prometheusUrl } from '../components/prometheus';
import { DEMO_SERVICES, DemoService } from '../demo/manifests';
import { GiteaApi } from './giteaApi';

export const GITEA_ORG = 'gradual';

/** Path of a demo service's manifests inside its repository. */
export const DEMO_MANIFEST_PATH = (service: DemoService) =>
  `deploy/${service}.yaml`;

function renderedManifest(config: ClusterConfig, service: DemoService) {
  const text = fs.readFileSync(
    path.join(config.packageDir, 'demo', `${service}.yaml`),
    'utf8',
  );
  return text.split('${PROMETHEUS_URL}').join(prometheusUrl(config));
}

async function ensureOrg(api: GiteaApi): Promise<void> {
  if (await api.find(`/orgs/${GITEA_ORG}`)) return;
  await api.request('POST', '/orgs', {
    username: GITEA_ORG,
    full_name: 'Gradual demo services',
    visibility: 'public',
  });
}

async function ensureRepo(
  api: GiteaApi,
  config: ClusterConfig,
  service: DemoService,
): Promise<'created' | 'present'> {
  const repoPath = `/repos/${GITEA_ORG}/${service}`;
  let created: 'created' | 'present' = 'present';
  if (!(await api.find(repoPath))) {
    await api.request('POST', `/orgs/${GITEA_ORG}/repos`, {
      name: service,
      description: `${service}: manifests of the demo service`,
      default_branch: 'main',
      auto_init: true,
      readme: 'Default',
      private: false,
    });
    created = 'created';
  }
  const files = [
    {
      path: DEMO_MANIFEST_PATH(service),
      content: renderedManifest(config, service),
    },
  ];
  const missing = [];
  for (const file of files) {
    if (!(await api.find(`${repoPath}/contents/${file.path}?ref=main`))) {
      missing.push(file);
    }
  }
  if (missing.length > 0) {
    await api.request('POST', `${repoPath}/contents`, {
      branch: 'main',
      message: `Seed ${service} manifests`,
      files: missing.map(f => ({
        operation: 'create',
        path: f.path,
        content: Buffer.from(f.content).toString('base64'),
      })),
    });
  }
  return created;
}

/** Returns the repositories (org/name) of the demo services. */
export async function seedGitea(
  api: GiteaApi,
  config: ClusterConfig,
  services: readonly DemoService[] = DEMO_SERVICES,
): Promise<string[]> {
  await ensureOrg(api);
  const repos: string[] = [];
  for (const service of services) {
    await ensureRepo(api, config, service);
    repos.push(`${GITEA_ORG}/${service}`);
  }
  return repos;
}
