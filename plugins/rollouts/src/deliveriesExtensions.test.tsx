import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { deliveriesPage, deliveryMetricsEntityCard } from './plugin';
import {
  DeliveriesPage,
  EntityDeliveryMetricsCard,
  rolloutsPlugin as legacyPlugin,
} from './legacy';
import { entity, entityWithoutAnnotations } from './__testUtils__/fixtures';

describe('Deliveries extensions', () => {
  it('adds the Deliveries page at /deliveries with a title and icon for the nav', () => {
    const tester = createExtensionTester(deliveriesPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/deliveries');
    expect(tester.get(coreExtensionData.title)).toBe('Deliveries');
  });

  it('adds the delivery metrics card for entities with rollouts', () => {
    const filter = createExtensionTester(deliveryMetricsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter!(entity)).toBe(true);
    expect(filter!(entityWithoutAnnotations)).toBe(false);
  });

  it('exports the page and card for classic apps', () => {
    expect(DeliveriesPage).toBeDefined();
    expect(EntityDeliveryMetricsCard).toBeDefined();
    expect(Object.keys(legacyPlugin.routes)).toContain('deliveries');
  });
});
