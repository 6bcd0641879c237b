import { NotFoundError } from '@backstage/errors';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { selectorForEntity } from '../entities/entityRollouts';
import { KubeApiError, KubeClient } from '../kube/KubeClient';
import { readOwnedRollout } from './readOwnedRollout';

const target = {
  entityRef: 'component:default/shop',
  cluster: 'local',
  namespace: 'shop',
  name: 'web',
};
const selector = selectorForEntity({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
});
const rollout = (id: string): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'ro-uid',
    labels: { 'backstage.io/kubernetes-id': id },
  },
});
const clientAnswering = (answer: () => unknown) =>
  ({
    request: jest.fn(async () => answer()),
  } as unknown as KubeClient & { request: jest.Mock });

describe('readOwnedRollout', () => {
  it('reads the rollout from the API server', async () => {
    const client = clientAnswering(() => rollout('shop'));
    await expect(readOwnedRollout(client, target, selector)).resolves.toEqual(
      rollout('shop'),
    );
    expect(client.request).toHaveBeenCalledWith(
      'GET',
      '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web',
    );
  });

  it('answers 404 for a rollout that is not the entity’s', async () => {
    const client = clientAnswering(() => rollout('other'));
    await expect(readOwnedRollout(client, target, selector)).rejects.toThrow(
      new NotFoundError(
        'rollout shop/web does not belong to component:default/shop',
      ),
    );
  });

  it('maps a Kubernetes error to an HTTP error', async () => {
    const client = clientAnswering(() => {
      throw new KubeApiError(
        'local',
        'rollouts "web" not found',
        404,
        'NotFound',
      );
    });
    await expect(readOwnedRollout(client, target, selector)).rejects.toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
  });
});
