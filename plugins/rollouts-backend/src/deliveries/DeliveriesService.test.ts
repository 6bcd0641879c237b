import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RolloutsCache } from '../cache/RolloutsCache';
import { DeliveriesService } from './DeliveriesService';
import { DeliveryBase } from './deliveryItem';
import { DeliverySnapshots } from './DeliverySnapshots';
import { EntityDirectory } from './EntityDirectory';

const component = (name: string, owner: string, id = name) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': id },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

const base = (name: string, id?: string): DeliveryBase => ({
  cluster: 'prod',
  namespace: 'shop',
  name,
  uid: `uid-${name}`,
  strategy: 'canary',
  phase: 'Healthy',
  status: 'healthy',
  message: '',
  step: null,
  setWeight: null,
  revision: '1',
  images: [],
  aborted: false,
  labels: id ? { 'backstage.io/kubernetes-id': id } : {},
});

/**
 * The real entity directory on the catalog mock; `web` and `web-admin`
 * both claim the rollouts labelled `web`, only `web` is readable.
 */
function setup(options: { unmatched: boolean }) {
  const decide = (r: {
    permission: { name: string };
    resourceRef?: string;
  }) => {
    if (r.permission.name === 'rollouts.deliveries.unmatched.read')
      return options.unmatched ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
    return r.resourceRef === 'component:default/web-admin'
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  };
  let bases = [base('web-1', 'web'), base('api-1', 'api'), base('orphan')];
  const directory = new EntityDirectory({
    catalog: catalogServiceMock({
      entities: [
        component('web', 'group:default/team-web'),
        component('web-admin', 'group:default/team-secret', 'web'),
        component('api', 'group:default/team-api'),
      ] as any,
    }),
    auth: mockServices.auth(),
    permissions: mockServices.permissions.mock({
      authorize: async (requests: any[]) =>
        requests.map(r => ({ result: decide(r) })) as any,
    }),
    logger: mockServices.logger.mock(),
  });
  const service = new DeliveriesService({
    cache: { clusters: () => [] } as unknown as RolloutsCache,
    snapshots: { all: () => bases } as unknown as DeliverySnapshots,
    directory,
  });
  return {
    service,
    setBases: (next: DeliveryBase[]) => (bases = next),
    bases: () => bases,
  };
}

const user = mockCredentials.user('user:default/alice');

describe('DeliveriesService', () => {
  it('lists the entities of a delivery the caller may see, and unclaimed ones only with the unmatched permission', async () => {
    const { service } = setup({ unmatched: false });
    const items = await service.visible(user);
    expect(items.map(d => [d.name, d.entities.map(e => e.entityRef)])).toEqual([
      ['web-1', ['component:default/web']],
      ['api-1', ['component:default/api']],
    ]);
    expect(items[0]).not.toHaveProperty('labels');
    expect(items[0]).not.toHaveProperty('uid');

    const admin = setup({ unmatched: true });
    expect((await admin.service.visible(user)).map(d => d.name)).toEqual([
      'web-1',
      'api-1',
      'orphan',
    ]);
  });

  it('does not find a delivery by the text of an entity the caller may not see', async () => {
    const { service } = setup({ unmatched: false });
    expect((await service.list({ q: 'team-secret' }, user)).items).toHaveLength(
      0,
    );
    expect(
      (await service.list({ q: 'TEAM-WEB' }, user)).items.map(d => d.name),
    ).toEqual(['web-1']);
  });

  it('reuses an unchanged delivery from one call to the next, and makes it anew once its rollout changed', async () => {
    const { service, setBases, bases } = setup({ unmatched: true });
    const first = await service.visible(user);
    const second = await service.visible(user);
    expect(second[1]).toBe(first[1]); // api-1, fully visible
    const [web, api, orphan] = bases();
    setBases([web, { ...api, labels: {}, message: 'changed' }, orphan]);
    const third = await service.visible(user);
    expect(third[1]).not.toBe(first[1]);
    expect(third[1]).toMatchObject({ name: 'api-1', message: 'changed' });
    expect(third[1].entities).toEqual([]); // its label is gone: unclaimed now
  });

  it('pages the sorted list with its total and counts', async () => {
    const { service } = setup({ unmatched: true });
    const page = await service.list(
      { sort: 'name', limit: 1, offset: 1 },
      user,
    );
    expect(page).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(page.items.map(d => d.name)).toEqual(['orphan']);
    expect(page.counts).toMatchObject({ healthy: 3, attention: 0 });
    expect(page.facets.owners).toEqual([
      'group:default/team-api',
      'group:default/team-web',
    ]);
  });
});
