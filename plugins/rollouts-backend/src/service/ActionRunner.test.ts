/*
 * The action path around the executor: the rollout must be the entity's
 * (404 before any patch), and a successful action is recorded, audited with
 * its before / after state, and answers the rollout's summary with the
 * cluster's title.
 */
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { selectorForEntity } from '../entities/entityRollouts';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { RequestOptions } from '../kube/KubeClient';
import { ActionHolds } from './ActionHolds';
import { ActionRunner } from './ActionRunner';
import { RolloutLocator } from './RolloutLocator';

const target = {
  entityRef: 'component:default/shop',
  cluster: 'local',
  namespace: 'shop',
  name: 'web',
};
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
};

/** A canary paused by hand at step 1, labelled for `owner`. */
const pausedRollout = (rv: string, owner = 'shop'): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'ro-uid',
    resourceVersion: rv,
    labels: { 'backstage.io/kubernetes-id': owner },
  },
  spec: {
    paused: true,
    template: { spec: { containers: [{ name: 'app', image: 'shop:v1' }] } },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
  },
  status: {
    currentPodHash: 'new',
    stableRS: 'old',
    currentStepIndex: 1,
    pauseConditions: [{ reason: 'CanaryPauseStep' }],
  },
});

describe('ActionRunner', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });

  async function setup(answer: (method: string) => KubeObject) {
    const calls: Array<{ method: string; path: string }> = [];
    const client = {
      async request<T>(method: string, path: string, _o?: RequestOptions) {
        calls.push({ method, path });
        return answer(method) as T;
      },
    };
    const cluster = {
      name: 'local',
      title: 'Local cluster',
      client,
      objectsOf: (rollout: KubeObject) => ({
        rollout,
        replicaSets: [],
        pods: [],
        analysisRuns: [],
        experiments: [],
      }),
    };
    const locator = {
      getEntity: async () => entity,
      authorize: async () => {},
      locate: async () => ({ cluster, selector: selectorForEntity(entity) }),
    } as unknown as RolloutLocator;
    const auditor = mockServices.auditor.mock();
    const logger = mockServices.logger.mock();
    const runner = new ActionRunner({
      locator,
      auditor,
      history: await ActionHistoryStore.create({
        knex: await databases.init('SQLITE_3'),
      }),
      logger,
      holds: new ActionHolds(undefined, logger),
    });
    return { runner, calls, auditor };
  }

  it('answers 404 for a rollout of another entity, before any patch', async () => {
    const { runner, calls } = await setup(() => pausedRollout('5', 'other'));
    await expect(
      runner.run(target, 'resume', {}, mockCredentials.user()),
    ).rejects.toThrow(
      'rollout shop/web does not belong to component:default/shop',
    );
    expect(calls.every(c => c.method === 'GET')).toBe(true);
  });

  it('patches, audits the before and after state and answers the summary', async () => {
    const { runner, calls, auditor } = await setup(method =>
      method === 'GET'
        ? pausedRollout('5')
        : {
            ...pausedRollout('6'),
            spec: { ...pausedRollout('6').spec, paused: false },
          },
    );
    const response = await runner.run(
      target,
      'resume',
      {},
      mockCredentials.user(),
    );
    expect(calls.some(c => c.method === 'PATCH')).toBe(true);
    expect(response.rollout).toMatchObject({
      name: 'web',
      clusterTitle: 'Local cluster',
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'rollout-action' }),
    );
  });
});
