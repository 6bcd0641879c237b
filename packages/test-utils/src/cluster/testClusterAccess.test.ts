import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  apiServerAddress,
  clusterEntry,
  testClusterAccess,
} from './testClusterAccess';

function kubeconfig(dir: string, user: Record<string, string>) {
  const file = path.join(dir, 'admin.kubeconfig');
  fs.writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'other', cluster: { server: 'https://10.0.0.1' } },
        {
          name: 'gradual-local',
          cluster: {
            server: 'https://127.0.0.1:16443',
            'certificate-authority-data': 'Q0E=',
          },
        },
      ],
      users: [{ name: 'admin', user }],
      contexts: [
        {
          name: 'admin@gradual-local',
          context: { cluster: 'gradual-local', user: 'admin' },
        },
      ],
      'current-context': 'admin@gradual-local',
    }),
  );
  return file;
}

describe('testClusterAccess', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-cluster-access-'));
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails naming GRADUAL_KUBECONFIG when it is not set', () => {
    delete process.env.GRADUAL_KUBECONFIG;
    expect(() => testClusterAccess()).toThrow(
      /^GRADUAL_KUBECONFIG is not set: the test needs the local cluster \(run scripts\/ensure-test-services.sh/,
    );
  });

  it("reads the current context's server, CA and token", () => {
    process.env.GRADUAL_KUBECONFIG = kubeconfig(dir, { token: 'admin-t' });
    delete process.env.GRADUAL_BACKSTAGE_TOKEN;
    const access = testClusterAccess();
    expect(access).toMatchObject({
      server: 'https://127.0.0.1:16443',
      adminToken: 'admin-t',
      token: 'admin-t',
      caData: 'Q0E=',
      skipTLSVerify: false,
    });
    expect(access.pluginClusterConfig).toEqual({
      name: 'local',
      url: 'https://127.0.0.1:16443',
      serviceAccountToken: 'admin-t',
      caData: 'Q0E=',
      skipTLSVerify: false,
      requestTimeout: 5000,
    });
    expect(apiServerAddress(access)).toMatchObject({
      host: '127.0.0.1',
      port: 16443,
    });
    expect(clusterEntry(access, 'b', { requestTimeout: 100 })).toMatchObject({
      name: 'b',
      url: 'https://127.0.0.1:16443',
      requestTimeout: 100,
    });
  });

  it("gives a backend under test the restricted account's token when set", () => {
    process.env.GRADUAL_KUBECONFIG = kubeconfig(dir, { token: 'admin-t' });
    process.env.GRADUAL_BACKSTAGE_TOKEN = 'backstage-t';
    const access = testClusterAccess();
    expect(access.adminToken).toBe('admin-t');
    expect(access.pluginClusterConfig.serviceAccountToken).toBe('backstage-t');
  });

  it('refuses a kubeconfig user without a token', () => {
    process.env.GRADUAL_KUBECONFIG = kubeconfig(dir, {
      'client-certificate-data': 'x',
    });
    expect(() => testClusterAccess()).toThrow(/user admin has no token/);
  });
});
