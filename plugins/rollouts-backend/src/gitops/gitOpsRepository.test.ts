import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { GitOpsRepositories } from './gitOpsRepository';

const config = (gitops: object = {}) =>
  new ConfigReader({
    integrations: {
      gitea: [
        {
          host: 'git.example.com',
          baseUrl: 'https://git.example.com/gitea',
          username: 'bot',
          password: 'secret',
        },
      ],
    },
    rollouts: { gitops },
  });

const entity = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default', annotations },
  spec: {},
});

describe('GitOpsRepositories', () => {
  it('reads the repository, branch and directory of a Gitea source location', () => {
    const repos = GitOpsRepositories.fromConfig(config());
    const target = repos.forEntity(
      entity({
        'backstage.io/source-location':
          'url:https://git.example.com/gitea/team/shop/src/branch/release/deploy/prod/',
      }),
    );
    expect(target).toMatchObject({
      owner: 'team',
      name: 'shop',
      branch: 'release',
      path: 'deploy/prod',
      integration: { host: 'git.example.com' },
    });
  });

  it('takes a repository root (default branch, whole repository)', () => {
    const repos = GitOpsRepositories.fromConfig(config());
    const target = repos.forEntity(
      entity({
        'backstage.io/source-location':
          'url:https://git.example.com/gitea/team/shop.git',
      }),
    );
    expect(target).toEqual(
      expect.objectContaining({ owner: 'team', name: 'shop', path: '' }),
    );
    expect(target).not.toHaveProperty('branch');
  });

  it('prefers a rollouts.gitops.repositories entry for the entity', () => {
    const repos = GitOpsRepositories.fromConfig(
      config({
        repositories: [
          {
            entity: 'shop',
            url: 'https://git.example.com/gitea/platform/shop-deploy',
            branch: 'main',
            path: '/k8s/',
          },
        ],
      }),
    );
    const target = repos.forEntity(
      entity({
        'backstage.io/source-location':
          'url:https://git.example.com/gitea/team/shop',
      }),
    );
    expect(target).toMatchObject({
      owner: 'platform',
      name: 'shop-deploy',
      branch: 'main',
      path: 'k8s',
    });
  });

  it('says why there is no repository', () => {
    const repos = GitOpsRepositories.fromConfig(config());
    expect(repos.forEntity(entity())).toEqual({
      reason: expect.stringContaining('backstage.io/source-location'),
    });
    expect(
      repos.forEntity(
        entity({
          'backstage.io/source-location': 'url:https://github.com/team/shop',
        }),
      ),
    ).toEqual({
      reason: expect.stringContaining(
        'no integrations.gitea entry for github.com',
      ),
    });
  });

  it('fails the start on a bad entity ref', () => {
    expect(() =>
      GitOpsRepositories.fromConfig(
        config({
          repositories: [{ entity: 'component:ns/', url: 'https://x/y/z' }],
        }),
      ),
    ).toThrow(/rollouts.gitops.repositories\[0\].entity/);
  });
});
