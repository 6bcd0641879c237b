import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { selectorForEntity } from '../entities/entityRollouts';
import { LiveUpdates, SIGNAL_GATHER_MS } from './LiveUpdates';

type Listener = (
  cluster: string,
  changes: Array<{ rollout: KubeObject; deleted: boolean }>,
) => void;

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'web' },
  },
  spec: {},
};

const rollout = (name: string, app = 'web'): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    labels: { 'backstage.io/kubernetes-id': app },
  },
});

describe('LiveUpdates signals', () => {
  let listener: Listener;
  let published: Array<{ at: number; message: any; recipients: any }>;
  let live: LiveUpdates;
  const start = Date.now();

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    published = [];
    const cache = {
      onRolloutsChanged: (l: Listener) => {
        listener = l;
        return () => {};
      },
    } as unknown as RolloutsCache;
    live = new LiveUpdates({
      cache,
      logger: mockServices.logger.mock(),
      signals: {
        publish: async (s: any) => {
          published.push({
            at: Date.now() - start,
            message: s.message,
            recipients: s.recipients,
          });
        },
      },
      catalog: catalogServiceMock({ entities: [entity] }),
      auth: mockServices.auth(),
    });
    live.start();
    live.registerView(
      selectorForEntity(entity),
      mockCredentials.user('user:default/ana'),
    );
  });

  afterEach(() => {
    live.stop();
    jest.useRealTimers();
  });

  const change = (cluster: string, ...rollouts: KubeObject[]) =>
    listener(
      cluster,
      rollouts.map(r => ({ rollout: r, deleted: false })),
    );

  it("signals a viewer at once, and only for the entity's rollouts", () => {
    change('east', rollout('other', 'not-web'));
    expect(published).toHaveLength(0);
    change('east', rollout('web-1'));
    expect(published).toEqual([
      {
        at: 0,
        recipients: { type: 'user', entityRef: ['user:default/ana'] },
        message: {
          type: 'rollouts-changed',
          entityRef: 'component:default/web',
          rollouts: [{ cluster: 'east', namespace: 'shop', name: 'web-1' }],
        },
      },
    ]);
  });

  it('gathers the copies of one change seen through ten cluster entries into a second signal', () => {
    for (let c = 0; c < 10; c++) {
      change(`bench-${c}`, rollout('web-1'));
      jest.advanceTimersByTime(1);
    }
    expect(published).toHaveLength(1);
    jest.advanceTimersByTime(SIGNAL_GATHER_MS);
    expect(published.map(p => p.at)).toEqual([0, SIGNAL_GATHER_MS]);
    expect(
      published[1].message.rollouts.map((r: any) => r.cluster).sort(),
    ).toEqual(Array.from({ length: 9 }, (_, c) => `bench-${c + 1}`).sort());
    // The controller's follow-up writes, 40 ms after the change, in all ten:
    // one signal at once and one gathered, not a used-up burst and a storm.
    jest.advanceTimersByTime(10);
    expect(Date.now() - start).toBe(40);
    for (let c = 0; c < 10; c++) change(`bench-${c}`, rollout('web-1'));
    jest.advanceTimersByTime(SIGNAL_GATHER_MS);
    expect(published.map(p => p.at)).toEqual([
      0,
      SIGNAL_GATHER_MS,
      40,
      40 + SIGNAL_GATHER_MS,
    ]);
    // The next user change, 250 ms on, goes out at once.
    jest.advanceTimersByTime(250);
    change('bench-0', rollout('web-2'));
    expect(published).toHaveLength(5);
    expect(published[4].message.rollouts).toEqual([
      { cluster: 'bench-0', namespace: 'shop', name: 'web-2' },
    ]);
  });
});
