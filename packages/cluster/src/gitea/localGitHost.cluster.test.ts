/*
 * The local Git host from scratch: a real Gitea (the cached build; a cold
 * build takes long, run `yarn cluster up` first) in its own temporary state
 * directory and port, so it never touches the cluster's own instance.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GITEA_COMPONENT } from '../components/gitea';
import { ClusterConfig, loadConfig } from '../config';
import { DEMO_SERVICES } from '../demo/manifests';
import { stopProcess } from '../process/supervisor';
import { GiteaApi } from './giteaApi';
import { ensureGitHost } from './localGitHost';
import { DEMO_MANIFEST_PATH, GITEA_ORG } from './seedGitea';

jest.setTimeout(40 * 60_000);

const base = loadConfig();
const config: ClusterConfig = {
  ...base,
  stateDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gradual-gitea-')),
  ports: { ...base.ports, gitea: 13399 },
};

afterAll(async () => {
  await stopProcess(config, GITEA_COMPONENT);
  fs.rmSync(config.stateDir, { recursive: true, force: true });
});

describe('local Git host', () => {
  it('starts Gitea, creates the admin and seeds one repository per demo service, idempotently', async () => {
    const first = await ensureGitHost(config, () => {});
    expect(first.url).toBe('http://127.0.0.1:13399');
    expect(first.repos).toEqual(DEMO_SERVICES.map(s => `${GITEA_ORG}/${s}`));

    const api = new GiteaApi(first.url, first.token);
    const me = await api.request<{ login: string; is_admin: boolean }>(
      'GET',
      '/user',
    );
    expect(me).toMatchObject({ login: 'gradual-admin', is_admin: true });
    const file = await api.request<{ content: string }>(
      'GET',
      `/repos/${GITEA_ORG}/user-service/contents/${DEMO_MANIFEST_PATH(
        'user-service',
      )}?ref=main`,
    );
    const text = Buffer.from(file.content, 'base64').toString('utf8');
    expect(text).toContain('kind: Rollout');
    expect(text).not.toContain('${PROMETHEUS_URL}');

    // a second run keeps the token and adds no commit
    const commitsBefore = await api.request<unknown[]>(
      'GET',
      `/repos/${GITEA_ORG}/user-service/commits?sha=main`,
    );
    const second = await ensureGitHost(config, () => {});
    expect(second.token).toBe(first.token);
    const commitsAfter = await api.request<unknown[]>(
      'GET',
      `/repos/${GITEA_ORG}/user-service/commits?sha=main`,
    );
    expect(commitsAfter.length).toBe(commitsBefore.length);
  });
});
