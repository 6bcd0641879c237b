import { screen } from '@testing-library/react';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  rolloutsApi,
  rolloutsEntityCard,
  rolloutsEntityContent,
  rolloutsPlugin,
} from './plugin';
import defaultExport from './index';
import { rolloutsApiRef } from './api';
import { renderWithEntity } from './__testUtils__/render';
import { entity, entityWithoutAnnotations } from './__testUtils__/fixtures';

const withSelector = {
  ...entityWithoutAnnotations,
  metadata: {
    ...entityWithoutAnnotations.metadata,
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=plain' },
  },
};

describe('rollouts plugin (new frontend system)', () => {
  it('is the default export with the rollouts plugin id', () => {
    expect(defaultExport).toBe(rolloutsPlugin);
    expect(rolloutsPlugin.id).toBe('rollouts');
  });

  it('provides the rollouts API', () => {
    const factory = createExtensionTester(rolloutsApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(rolloutsApiRef);
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('adds a Rollouts tab at /rollouts in the deployment group', () => {
    const tester = createExtensionTester(rolloutsEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Rollouts');
    expect(tester.get(coreExtensionData.routePath)).toBe('/rollouts');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'deployment',
    );
  });

  it('shows the tab only for entities with a Kubernetes annotation', () => {
    const filter = createExtensionTester(rolloutsEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(filter).toBeDefined();
    expect(filter!(entity)).toBe(true);
    expect(filter!(withSelector)).toBe(true);
    expect(filter!(entityWithoutAnnotations)).toBe(false);
  });

  it('shows the card only for entities with a Kubernetes annotation', () => {
    const filter = createExtensionTester(rolloutsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter!(entity)).toBe(true);
    expect(filter!(entityWithoutAnnotations)).toBe(false);
  });

  it('renders the tab content from the extension', async () => {
    const element = createExtensionTester(rolloutsEntityContent).reactElement();
    renderWithEntity(element);
    expect(await screen.findByTestId('rollouts-tab')).toBeInTheDocument();
    expect(await screen.findByTestId('rollout-detail')).toBeInTheDocument();
  });

  it('renders the card from the extension', async () => {
    const element = createExtensionTester(rolloutsEntityCard).reactElement();
    renderWithEntity(element);
    expect(
      await screen.findByTestId('rollouts-card-user-service'),
    ).toBeInTheDocument();
  });
});
