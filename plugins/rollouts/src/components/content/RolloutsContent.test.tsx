import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RolloutsContent } from './RolloutsContent';
import {
  createMockRolloutsApi,
  renderWithEntity,
} from '../../__testUtils__/render';
import {
  blueGreenDetail,
  entityWithoutAnnotations,
} from '../../__testUtils__/fixtures';

describe('RolloutsContent', () => {
  it('lists the rollouts across clusters and shows a failed cluster inline', async () => {
    renderWithEntity(<RolloutsContent />);
    const table = await screen.findByRole('table', {
      name: 'Rollouts of this entity',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3); // header + 2 rollouts
    expect(
      within(rows[1]).getByText('Local cluster / apps'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('Canary')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Step 1/4')).toBeInTheDocument();
    expect(within(rows[1]).getByText('10% canary')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('registry.local/user-service:1.1.0'),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('Blue-green')).toBeInTheDocument();

    const clusterError = screen.getByTestId('cluster-error');
    expect(clusterError).toHaveTextContent(
      'Could not read rollouts from cluster staging: connect ECONNREFUSED 10.0.0.1:6443',
    );
  });

  it('shows the first rollout as a canary: steps, traffic and pause countdown', async () => {
    renderWithEntity(<RolloutsContent />);
    const detail = await screen.findByTestId('rollout-detail');
    expect(within(detail).getByTestId('rollout-phase')).toHaveAttribute(
      'data-phase',
      'Paused',
    );
    expect(within(detail).getByTestId('rollout-step')).toHaveTextContent(
      'Step 1/4',
    );

    expect(screen.getByTestId('canary-step-0')).toHaveAttribute(
      'data-state',
      'done',
    );
    expect(screen.getByTestId('canary-step-1')).toHaveAttribute(
      'data-state',
      'current',
    );
    expect(screen.getByTestId('canary-step-3')).toHaveAttribute(
      'data-state',
      'pending',
    );
    expect(screen.getByText('Pause for 2m')).toBeInTheDocument();
    expect(screen.getByTestId('countdown')).toHaveTextContent(
      /^Continues in 1m \d+s$/,
    );
    expect(screen.getByText('Templates: success-rate')).toBeInTheDocument();

    expect(screen.getByTestId('traffic-bar')).toHaveAttribute(
      'aria-label',
      'Traffic: 90% stable, 10% canary (step sets 10%)',
    );
  });

  it('shows the revisions newest first with a rollback on the older one, and the action history', async () => {
    renderWithEntity(<RolloutsContent />);
    const current = await screen.findByTestId('revision-2');
    expect(within(current).getByText('current')).toBeInTheDocument();
    expect(
      within(current).queryByTestId('action-rollback-2'),
    ).not.toBeInTheDocument();
    const older = screen.getByTestId('revision-1');
    expect(within(older).getByTestId('action-rollback-1')).toHaveTextContent(
      'Roll back to revision 1',
    );
    expect(within(older).getByText('user-service-hash-1')).toBeInTheDocument();

    const history = await screen.findByRole('table', {
      name: 'Action history',
    });
    const rows = within(history).getAllByRole('row');
    // newest first
    expect(within(rows[1]).getByText('bob')).toBeInTheDocument();
    expect(within(rows[1]).getByText('conflict')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Deploy new image')).toBeInTheDocument();
    expect(
      within(rows[2]).getByText('app → registry.local/user-service:1.1.0'),
    ).toBeInTheDocument();
  });

  it('switches to a blue-green rollout when its row is chosen', async () => {
    const { api } = renderWithEntity(<RolloutsContent />);
    await screen.findByTestId('rollout-detail');
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show rollout payments-service in Local cluster',
      }),
    );
    const view = await screen.findByTestId('blue-green-view');
    expect(api.getRollout).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'user-service' }),
      expect.objectContaining({ name: 'payments-service' }),
    );
    expect(within(view).getByTestId('blue-green-active')).toHaveTextContent(
      'registry.local/payments:2.0.0',
    );
    expect(within(view).getByTestId('blue-green-preview')).toHaveTextContent(
      'registry.local/payments:2.1.0',
    );
    expect(
      within(view).getByText(/^Promotes automatically in 4m \d+s$/),
    ).toBeInTheDocument();
    expect(
      within(view).getByText(/^Scales down in (9m \d+s|10m)$/),
    ).toBeInTheDocument();
    expect(within(view).getByText(/Pre-promotion analysis/)).toHaveTextContent(
      'Pre-promotion analysis: smoke · Successful',
    );
    expect(within(view).getByText(/Post-promotion analysis/)).toHaveTextContent(
      'Post-promotion analysis: success-rate · not started',
    );
    // blue-green has no skip step
    expect(screen.queryByTestId('action-skip-step')).not.toBeInTheDocument();
    expect(blueGreenDetail.blueGreen).toBeDefined();
  });

  it('explains the annotations when no rollout matches', async () => {
    const api = createMockRolloutsApi({
      getEntityRollouts: jest.fn(async () => ({
        items: [],
        clusters: [{ name: 'local', status: 'ok' as const }],
      })),
    });
    renderWithEntity(<RolloutsContent />, { api });
    expect(await screen.findByText('No rollouts found')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Read the documentation/ }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('backstage.io/docs/features/kubernetes'),
    );
  });

  it('explains the annotations when the entity has none', async () => {
    const { api } = renderWithEntity(<RolloutsContent />, {
      entity: entityWithoutAnnotations,
    });
    expect(
      await screen.findByText('This entity is not linked to Kubernetes'),
    ).toBeInTheDocument();
    expect(api.getEntityRollouts).not.toHaveBeenCalled();
  });

  it('shows an error panel when the rollouts cannot be loaded', async () => {
    const api = createMockRolloutsApi({
      getEntityRollouts: jest.fn(async () => {
        throw new Error('backend down');
      }),
    });
    renderWithEntity(<RolloutsContent />, { api });
    expect(
      await screen.findByText(/Could not load rollouts/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getAllByText(/backend down/).length).toBeGreaterThan(0),
    );
  });
});

describe('RolloutsContent refresh failures', () => {
  it('keeps the last known list when a refresh fails', async () => {
    const api = createMockRolloutsApi();
    const { findByText } = renderWithEntity(<RolloutsContent />, { api });
    await screen.findByTestId('rollout-detail');
    await waitFor(() =>
      expect(screen.getByTestId('action-restart')).toBeEnabled(),
    );
    api.getEntityRollouts.mockRejectedValue(new Error('timeout'));
    api.getRollout.mockRejectedValue(new Error('timeout'));
    await userEvent.click(screen.getByTestId('action-restart'));
    await userEvent.click(await screen.findByTestId('confirm-restart'));
    expect(
      await findByText(
        'Showing the last known rollouts: refreshing failed (timeout).',
      ),
    ).toBeInTheDocument();
    expect(
      await findByText(
        'Showing the last known state: refreshing failed (timeout).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('rollout-row-user-service')).toBeInTheDocument();
    expect(screen.getByTestId('canary-steps')).toBeInTheDocument();
  });
});
