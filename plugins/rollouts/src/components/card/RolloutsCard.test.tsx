import { screen, within } from '@testing-library/react';
import { RolloutsCard } from './RolloutsCard';
import { renderWithEntity } from '../../__testUtils__/render';

describe('RolloutsCard', () => {
  it('summarises each rollout and the failed cluster', async () => {
    renderWithEntity(<RolloutsCard />);
    const canary = await screen.findByTestId('rollouts-card-user-service');
    expect(within(canary).getByTestId('rollout-phase')).toHaveTextContent(
      'Paused',
    );
    expect(within(canary).getByTestId('rollout-step')).toHaveTextContent(
      'Step 1/4',
    );
    expect(within(canary).getByTestId('rollout-weight')).toHaveTextContent(
      '10% canary',
    );
    expect(canary).toHaveTextContent(
      'Canary · Local cluster / apps · CanaryPauseStep',
    );

    const blueGreen = screen.getByTestId('rollouts-card-payments-service');
    expect(blueGreen).toHaveTextContent('Blue-green');
    expect(
      within(blueGreen).queryByTestId('rollout-step'),
    ).not.toBeInTheDocument();

    expect(screen.getByTestId('cluster-error')).toHaveTextContent('staging');
    expect(screen.getByTestId('rollouts-updated')).toHaveTextContent(
      /Updated (just now|\d+s ago) · refreshes every 10s/,
    );
  });
});
