import { execFileSync } from 'node:child_process';
import { gitHostEnv } from './gitHostEnv';

describe('gitHostEnv', () => {
  const host = {
    url: 'http://127.0.0.1:13000',
    org: 'gradual',
    username: 'gradual-admin',
    token: '0123456789abcdef0123456789abcdef01234567',
    repos: [],
  };

  it('names the URL, organisation, admin user and token', () => {
    expect(gitHostEnv(host).split('\n')).toEqual([
      'export GRADUAL_GITEA_URL=http://127.0.0.1:13000',
      'export GRADUAL_GITEA_ORG=gradual',
      'export GRADUAL_GITEA_USERNAME=gradual-admin',
      'export GRADUAL_GITEA_TOKEN=0123456789abcdef0123456789abcdef01234567',
    ]);
  });

  it('quotes what the shell would split or expand', () => {
    const env = gitHostEnv({ ...host, username: "it's $me" });
    const out = execFileSync('bash', [
      '-c',
      `${env}\nprintf %s "$GRADUAL_GITEA_USERNAME"`,
    ]).toString();
    expect(out).toBe("it's $me");
  });
});
