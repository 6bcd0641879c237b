import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readClusterConnections } from './readClusterConnections';

describe('readClusterConnections', () => {
  it('reads rollouts.clusters', () => {
    const [c] = readClusterConnections(
      new ConfigReader({
        rollouts: {
          clusters: [
            {
              name: 'prod',
              title: 'Production',
              url: 'https://k8s.example.com/',
              serviceAccountToken: 'tok',
              caData: Buffer.from('PEM').toString('base64'),
              requestTimeout: 1234,
            },
          ],
        },
      }),
    );
    expect(c).toEqual({
      name: 'prod',
      title: 'Production',
      url: 'https://k8s.example.com',
      token: 'tok',
      ca: 'PEM',
      skipTLSVerify: false,
      requestTimeoutMs: 1234,
    });
  });

  it('falls back to the Kubernetes plugin config clusters, skipping unsupported ones', () => {
    const warnings: string[] = [];
    const result = readClusterConnections(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [
                {
                  name: 'a',
                  url: 'https://a',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 't',
                  skipTLSVerify: true,
                },
                { name: 'b', url: 'https://b', authProvider: 'google' },
              ],
            },
          ],
        },
      }),
      m => warnings.push(m),
    );
    expect(
      result.map(r => [r.name, r.skipTLSVerify, r.requestTimeoutMs]),
    ).toEqual([['a', true, 5000]]);
    expect(warnings).toEqual([
      expect.stringContaining("authProvider 'google'"),
    ]);
  });

  it('reads a kubeconfig context', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), 'CA-PEM');
    const file = path.join(dir, 'config');
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: one',
        'clusters:',
        '- name: c1',
        '  cluster: { server: "https://127.0.0.1:6443", certificate-authority: ca.pem }',
        'users:',
        '- name: u1',
        '  user: { token: secret-token }',
        '- name: u2',
        `  user: { client-certificate-data: ${Buffer.from('CERT').toString(
          'base64',
        )}, client-key-data: ${Buffer.from('KEY').toString('base64')} }`,
        'contexts:',
        '- name: one',
        '  context: { cluster: c1, user: u1 }',
        '- name: two',
        '  context: { cluster: c1, user: u2 }',
      ].join('\n'),
    );
    const [one, two] = readClusterConnections(
      new ConfigReader({
        rollouts: {
          clusters: [
            { name: 'one', kubeconfig: { path: file } },
            { name: 'two', kubeconfig: { path: file, context: 'two' } },
          ],
        },
      }),
    );
    expect(one).toMatchObject({
      url: 'https://127.0.0.1:6443',
      token: 'secret-token',
    });
    // client-node's KubeConfig, on the requested context, paths made absolute
    expect(one.kubeConfig!.getCurrentCluster()).toMatchObject({
      server: 'https://127.0.0.1:6443',
      caFile: path.join(dir, 'ca.pem'),
    });
    expect(one.kubeConfig!.getCurrentUser()?.token).toBe('secret-token');
    expect(two.kubeConfig!.getCurrentContext()).toBe('two');
    expect(two.kubeConfig!.getCurrentUser()).toMatchObject({
      certData: Buffer.from('CERT').toString('base64'),
      keyData: Buffer.from('KEY').toString('base64'),
    });
    expect(two.token).toBeUndefined();
    expect(() =>
      readClusterConnections(
        new ConfigReader({
          rollouts: {
            clusters: [
              { name: 'x', kubeconfig: { path: file, context: 'nope' } },
            ],
          },
        }),
      ),
    ).toThrow(/context 'nope' not found/);
  });

  it.each([
    [{ name: 'bad/name', url: 'https://x' }, /invalid cluster name/],
    [{ name: 'x', url: 'file:///etc/passwd' }, /must be http/],
    [
      { name: 'x', url: 'https://a', requestTimeout: 0 },
      /cluster 'x' requestTimeout must be a positive number of milliseconds, not 0/,
    ],
    [
      { name: 'x', url: 'https://a', requestTimeout: -5 },
      /requestTimeout must be a positive number/,
    ],
  ])('rejects %p', (cluster, error) => {
    expect(() =>
      readClusterConnections(
        new ConfigReader({ rollouts: { clusters: [cluster] } }),
      ),
    ).toThrow(error);
  });

  it('rejects duplicate names', () => {
    expect(() =>
      readClusterConnections(
        new ConfigReader({
          rollouts: {
            clusters: [
              { name: 'x', url: 'https://a' },
              { name: 'x', url: 'https://b' },
            ],
          },
        }),
      ),
    ).toThrow(/duplicate/);
  });
});
