import * as k8s from '@kubernetes/client-node';
import { errorStatus } from './clients';

// Guards the module setup: @kubernetes/client-node 1.x is ESM-only and must
// load under the Backstage CLI's Jest transform.
describe('@kubernetes/client-node under Jest', () => {
  it('loads and builds clients', () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true },
      ],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    expect(kc.makeApiClient(k8s.CoreV1Api)).toBeInstanceOf(k8s.CoreV1Api);
    expect(k8s.PatchStrategy.MergePatch).toBe('application/merge-patch+json');
  });

  it('reads the status of an ApiException', () => {
    expect(errorStatus(new k8s.ApiException(404, 'nf', {}, {}))).toBe(404);
    expect(errorStatus(new Error('x'))).toBeUndefined();
  });
});
