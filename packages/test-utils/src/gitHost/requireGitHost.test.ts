import { GIT_HOST_ENV, requireGitHost } from './requireGitHost';

describe('requireGitHost', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fails naming every missing variable and where they come from', () => {
    for (const name of GIT_HOST_ENV) delete process.env[name];
    process.env.GRADUAL_GITEA_URL = 'http://127.0.0.1:13300';
    expect(() => requireGitHost()).toThrow(
      'the test needs the local Git host (Gitea of the local cluster): ' +
        'GRADUAL_GITEA_ORG, GRADUAL_GITEA_USERNAME, GRADUAL_GITEA_TOKEN not set ' +
        '(run scripts/ensure-test-services.sh and source ~/.cache/gradual/test-services.env)',
    );
  });

  it('answers the Git host of the environment', () => {
    Object.assign(process.env, {
      GRADUAL_GITEA_URL: 'http://127.0.0.1:13300/',
      GRADUAL_GITEA_ORG: 'gradual',
      GRADUAL_GITEA_USERNAME: 'gradual-admin',
      GRADUAL_GITEA_TOKEN: 'abc123',
    });
    expect(requireGitHost()).toEqual({
      url: 'http://127.0.0.1:13300',
      org: 'gradual',
      username: 'gradual-admin',
      token: 'abc123',
    });
  });
});
