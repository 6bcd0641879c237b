import { screen } from '@testing-library/react';
import {
  EntityRolloutsCard,
  EntityRolloutsContent,
  isRolloutsAvailable,
  rolloutsApiRef,
  rolloutsPlugin,
} from './legacy';
import { renderWithEntity } from './__testUtils__/render';
import { entity, entityWithoutAnnotations } from './__testUtils__/fixtures';

describe('legacy exports', () => {
  it('registers the API factory on the classic plugin', () => {
    expect(rolloutsPlugin.getId()).toBe('rollouts');
    const apis = [...rolloutsPlugin.getApis()];
    expect(apis.map(a => a.api)).toEqual([rolloutsApiRef]);
  });

  it('decides availability from the Kubernetes annotations', () => {
    expect(isRolloutsAvailable(entity)).toBe(true);
    expect(isRolloutsAvailable(entityWithoutAnnotations)).toBe(false);
  });

  it('renders the content and the card components', async () => {
    renderWithEntity(
      <>
        <EntityRolloutsContent />
        <EntityRolloutsCard />
      </>,
    );
    expect(await screen.findByTestId('rollouts-tab')).toBeInTheDocument();
    expect(
      await screen.findByTestId('rollouts-card-user-service'),
    ).toBeInTheDocument();
  });
});
