/*
 * Namespaces of the cluster tests: each test file works in one of its own,
 * labelled (so leftovers can be found) and deleted afterwards.
 */
import { KubeRequester } from './TestKubeClient';

/** The label every test namespace carries. */
export const TEST_NAMESPACE_LABEL = 'gradual.dev/faults';

/** A unique, short, DNS-safe namespace name for one test file. */
export function testNamespace(prefix: string): string {
  return `gradual-faults-${prefix}-${Date.now().toString(36)}`;
}

export async function createNamespace(
  admin: KubeRequester,
  name: string,
): Promise<void> {
  await admin.request('POST', '/api/v1/namespaces', {
    body: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { [TEST_NAMESPACE_LABEL]: 'true' } },
    },
  });
}

/** Deletes the namespace (and all in it); a namespace that is gone already is fine. */
export async function deleteNamespace(
  admin: KubeRequester,
  name: string,
): Promise<void> {
  await admin.request('DELETE', `/api/v1/namespaces/${name}`).catch(() => {});
}
