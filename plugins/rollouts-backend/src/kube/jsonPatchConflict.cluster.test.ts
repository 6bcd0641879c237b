/*
 * What the real API server answers to a JSON patch whose `test` op fails: a
 * 422 with a generic message and no causes. Every conditional write of this
 * plugin (actions, strategy changes) relies on that answer becoming a 409.
 */
import { ConflictError, InputError } from '@backstage/errors';
import {
  createNamespace,
  deleteNamespace,
  testNamespace,
} from '@gradual/test-utils';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';
import { JSON_PATCH, KubeApiError } from './KubeClient';
import { toHttpError } from './kubeErrors';

jest.setTimeout(60_000);

describe('a failed JSON patch test on the real API server', () => {
  let cluster: TestCluster;
  const ns = testNamespace('jsonpatch');
  const path = `/api/v1/namespaces/${ns}/configmaps/c`;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, ns);
    await cluster.admin.request('POST', `/api/v1/namespaces/${ns}/configmaps`, {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
    });
  });
  afterAll(async () => {
    await deleteNamespace(cluster.admin, ns);
    cluster.admin.close();
  });

  it('is a 422 that maps to a conflict, and changes nothing', async () => {
    const error = await cluster.admin
      .request('PATCH', path, {
        body: [
          { op: 'test', path: '/metadata/resourceVersion', value: '1' },
          { op: 'add', path: '/data', value: { changed: 'yes' } },
        ],
        contentType: JSON_PATCH,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error.statusCode).toBe(422);
    expect(error.message).toMatch(/JSON patch did not apply/);
    const mapped = toHttpError(error);
    expect(mapped).toBeInstanceOf(ConflictError);
    expect(mapped.message).toMatch(/moved on/);

    const now = await cluster.admin.request<{ data?: object }>('GET', path);
    expect(now.data).toBeUndefined();
  });

  it('keeps a real validation error (422 with causes) bad input', async () => {
    const error = await cluster.admin
      .request('PATCH', path, {
        body: [
          { op: 'add', path: '/metadata/labels', value: { a: 'not valid!' } },
        ],
        contentType: JSON_PATCH,
      })
      .catch(e => e);
    expect(error.statusCode).toBe(422);
    expect(error.message).not.toMatch(/JSON patch did not apply/);
    expect(toHttpError(error)).toBeInstanceOf(InputError);
  });
});
