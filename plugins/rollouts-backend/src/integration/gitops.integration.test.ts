/*
 * GitOps changes against the REAL local cluster and the REAL local Git host
 * (the Gitea of the local cluster, from the environment: GRADUAL_GITEA_*
 * beside GRADUAL_KUBECONFIG): an Argo CD-tracked rollout (label
 * tracking) in a namespace of its own, whose manifest lives in a Gitea
 * repository this test creates (deleted afterwards). A strategy change and a
 * set-image open pull requests with exactly that change in the file, the
 * cluster object stays as it was, and the tab's read shows their states.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { rolloutGitOpsPullRequestPermission } from '@gradual/plugin-rollouts-common';
import {
  GitHost,
  GitHostClient,
  gitHostIntegrations,
  requireGitHost,
  waitUntil,
} from '@gradual/test-utils';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { rolloutPath } from '../kube/resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { startRolloutsBackend } from '../__testUtils__/rolloutsBackend';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';

// a shared cluster with thousands of rollouts: the first list and the teardown take minutes
jest.setTimeout(10 * 60_000);

const RUN = Date.now().toString(36);
const NS = `gradual-gitops-it-${RUN}`;
const REPO = `gitops-it-${RUN}`;
const FILE = 'deploy/web.yaml';
const BASE = '/api/rollouts/entities/component/default/it-gitops/rollouts';
const RO = `${BASE}/local/${NS}/web`;
/** May change strategies and images, but not open pull requests. */
const NO_PR_USER = 'user:default/no-pull-requests';

/** The file in Git: comments, a Service before the Rollout. */
const MANIFEST = `# web: the GitOps integration test's service
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${NS}
spec:
  selector:
    app: web
  ports:
    - port: 80 # plain HTTP
      targetPort: 8080
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  namespace: ${NS}
  labels:
    app: web
    backstage.io/kubernetes-id: it-gitops
    # Argo CD's label tracking
    argocd.argoproj.io/instance: it-gitops
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: registry.local/web:1.0.0 # bumped by CI
          ports:
            - containerPort: 8080
  strategy:
    canary:
      # ramp up slowly
      steps:
        - setWeight: 20
        - pause: {}
`;

const NEW_STEPS = [
  { setWeight: 10 },
  { pause: { duration: '30s' } },
  { setWeight: 50 },
  { pause: {} },
];

describe('GitOps pull requests on the real cluster and Git host', () => {
  let cluster: TestCluster;
  let git: GitHost;
  let gitea: GitHostClient;
  let server: any;

  const live = () =>
    cluster.admin.request<KubeObject>('GET', rolloutPath(NS, 'web'));
  const post = (path: string, body: object, user?: string) =>
    request(server)
      .post(`${RO}${path}`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(body);
  const repoPath = () => `/repos/${git.org}/${REPO}`;
  const fileOn = async (ref: string) => {
    const res = await gitea.request<{ content: string }>(
      'GET',
      `${repoPath()}/contents/${FILE}?ref=${encodeURIComponent(ref)}`,
    );
    return Buffer.from(res.content, 'base64').toString('utf8');
  };
  const openPulls = () =>
    gitea.request<{ number: number }[]>(
      'GET',
      `${repoPath()}/pulls?state=open`,
    );

  beforeAll(async () => {
    git = requireGitHost();
    cluster = await connectTestCluster();
    gitea = new GitHostClient(git);
    await gitea.request('POST', `/orgs/${git.org}/repos`, {
      name: REPO,
      auto_init: true,
      default_branch: 'main',
    });
    await gitea.request('POST', `${repoPath()}/contents`, {
      branch: 'main',
      message: 'web manifests',
      files: [
        {
          operation: 'create',
          path: FILE,
          content: Buffer.from(MANIFEST).toString('base64'),
        },
      ],
    });
    // What Argo CD would have synced: the file's objects.
    await cluster.admin.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    const [service, rollout] = parseAllDocuments(MANIFEST).map(d => d.toJS());
    await cluster.admin.request('POST', `/api/v1/namespaces/${NS}/services`, {
      body: service,
    });
    await cluster.admin.request(
      'POST',
      `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts`,
      { body: rollout },
    );

    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'it-gitops',
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-id': 'it-gitops',
          'backstage.io/kubernetes-namespace': NS,
          'backstage.io/source-location': `url:${git.url}/${git.org}/${REPO}/src/branch/main/deploy`,
        },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    };
    ({ server } = await startRolloutsBackend({
      config: {
        integrations: gitHostIntegrations(git),
      },
      // the shared cluster may hold thousands of other tests' rollouts:
      // its first list takes longer than the default request limit
      clusters: [{ ...cluster.pluginClusterConfig, requestTimeout: 60_000 }],
      entities: [entity],
      authorize: (reqs, credentials) =>
        reqs.map(r =>
          credentials.principal?.userEntityRef === NO_PR_USER &&
          r.permission.name === rolloutGitOpsPullRequestPermission.name
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        ),
    }));
    await waitUntil(
      'the rollout in the cache',
      async () => {
        const res = await request(server).get(RO);
        // the last answer is the timeout's message
        if (res.status !== 200) throw new Error(JSON.stringify(res.body));
        return true;
      },
      180_000,
    );
  });

  afterAll(async () => {
    await gitea?.request('DELETE', repoPath()).catch(() => {});
    await cluster?.admin
      .request('DELETE', `/api/v1/namespaces/${NS}`)
      .catch(() => {});
    cluster?.admin.close();
  });

  it('a strategy change opens a pull request with the file the 409 used to return, the cluster is not patched', async () => {
    const before = await live();
    const spec = { strategy: 'canary', steps: NEW_STEPS };
    // The plan (the function that built the 409 body): its rolloutYaml.
    const plan = await post('/strategy', { spec, dryRun: true });
    expect(plan.status).toBe(200);
    expect(plan.body.managedByArgoCD).toBe(true);
    const proposed = parse(plan.body.rolloutYaml);

    const res = await post('/strategy', { spec });
    expect(res.status).toBe(202);
    expect(res.body.applied).toBe(false);
    expect(res.body.rolloutYaml).toBe(plan.body.rolloutYaml);
    const { pullRequest, repository, created } = res.body.gitOps;
    expect(created).toBe(true);
    expect(repository).toEqual({
      url: `${git.url}/${git.org}/${REPO}`,
      branch: 'main',
      path: FILE,
    });
    expect(pullRequest).toMatchObject({
      state: 'open',
      baseBranch: 'main',
      url: `${git.url}/${git.org}/${REPO}/pulls/${pullRequest.number}`,
    });

    // In Gitea: one changed file, whose Rollout is the 409's file.
    const files = await gitea.request<{ filename: string }[]>(
      'GET',
      `${repoPath()}/pulls/${pullRequest.number}/files`,
    );
    expect(files.map(f => f.filename)).toEqual([FILE]);
    const changed = await fileOn(pullRequest.branch);
    const [service, rollout] = parseAllDocuments(changed).map(d => d.toJS());
    // The file's Rollout is the one in Git with exactly the 409's strategy
    // (the 409's whole file also has the API server's defaults, e.g. ports'
    // protocol, which the file in Git never had).
    const inGit = parseAllDocuments(MANIFEST)[1].toJS();
    expect(rollout.spec.strategy).toEqual(proposed.spec.strategy);
    expect(rollout).toEqual({
      ...inGit,
      spec: { ...inGit.spec, strategy: proposed.spec.strategy },
    });
    expect(rollout.spec.strategy.canary.steps).toEqual(NEW_STEPS);
    expect(proposed.metadata).toMatchObject(inGit.metadata);
    expect(service).toEqual(parseAllDocuments(MANIFEST)[0].toJS());
    // The rest of the file as it was: everything before the strategy, the comments.
    const head = MANIFEST.slice(0, MANIFEST.indexOf('  strategy:'));
    expect(changed.startsWith(head)).toBe(true);
    expect(changed).toContain('# ramp up slowly');

    // The cluster object is unchanged.
    const after = await live();
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(after.spec.strategy).toEqual(before.spec.strategy);

    // The history says what happened.
    const history = await request(server).get(`${RO}/history`);
    expect(history.body).toMatchObject({ items: expect.any(Array) });
    expect(history.body.items[0]).toMatchObject({
      action: 'strategy-update',
      outcome: 'succeeded',
      message: `opened pull request #${pullRequest.number} ${pullRequest.url}`,
    });
  });

  it('the same change again answers the open pull request', async () => {
    const spec = { strategy: 'canary', steps: NEW_STEPS };
    const pullsBefore = await openPulls();
    const res = await post('/strategy', { spec });
    expect(res.status).toBe(202);
    expect(res.body.gitOps.created).toBe(false);
    expect(res.body.gitOps.pullRequest.number).toBe(pullsBefore[0].number);
    expect(await openPulls()).toHaveLength(pullsBefore.length);
  });

  it('without rollouts.gitops.pull-request: 403 and no pull request', async () => {
    const pullsBefore = await openPulls();
    const res = await post(
      '/strategy',
      {
        spec: { strategy: 'canary', steps: [{ setWeight: 5 }, { pause: {} }] },
      },
      NO_PR_USER,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      rolloutGitOpsPullRequestPermission.name,
    );
    expect(await openPulls()).toHaveLength(pullsBefore.length);
  });

  it('set-image opens a pull request changing only the image line', async () => {
    const before = await live();
    const res = await post('/actions/set-image', {
      container: 'app',
      image: 'registry.local/web:1.1.0',
    });
    expect(res.status).toBe(202);
    const { pullRequest, created } = res.body.gitOps;
    expect(created).toBe(true);
    const changed = (await fileOn(pullRequest.branch)).split('\n');
    const original = MANIFEST.split('\n');
    expect(changed).toHaveLength(original.length);
    expect(changed.filter((line, i) => line !== original[i])).toEqual([
      '          image: registry.local/web:1.1.0 # bumped by CI',
    ]);
    const after = await live();
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(after.spec.template.spec.containers[0].image).toBe(
      'registry.local/web:1.0.0',
    );
  });

  it("the tab's read shows the pull requests and their states", async () => {
    const read = () => request(server).get(`${RO}/pull-requests`);
    const first = await read();
    expect(first.status).toBe(200);
    expect(first.body.managedByArgoCD).toBe(true);
    expect(first.body.repository).toEqual({
      url: `${git.url}/${git.org}/${REPO}`,
      branch: 'main',
    });
    const [setImage, strategy] = first.body.items;
    expect(first.body.items).toHaveLength(2);
    expect(setImage.branch).toContain(`gradual/local/${NS}/web/set-image-`);
    expect(strategy.branch).toContain(`gradual/local/${NS}/web/strategy-`);
    expect(first.body.items.map((p: any) => p.state)).toEqual(['open', 'open']);

    // Merged and closed on the Git host: the read follows (after its short cache).
    await gitea.request(
      'POST',
      `${repoPath()}/pulls/${setImage.number}/merge`,
      {
        Do: 'merge',
      },
    );
    await gitea.request('PATCH', `${repoPath()}/pulls/${strategy.number}`, {
      state: 'closed',
    });
    await waitUntil(
      'the read to show the merged and the closed pull request',
      async () => {
        const states = (await read()).body.items.map((p: any) => p.state);
        return states.join() === 'merged,closed';
      },
      60_000,
    );
  });
});
