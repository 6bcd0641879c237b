import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  createMockRolloutsApi,
  renderWithEntity,
} from '../../__testUtils__/render';
import { DeliveriesPage } from './DeliveriesPage';
import {
  deliveriesResponse,
  healthyDelivery,
  metricsResponse,
  pausedDelivery,
} from './testData';

function setup(getDeliveries?: jest.Mock) {
  const api = createMockRolloutsApi({
    getDeliveries:
      getDeliveries ??
      jest.fn(async (query: any) =>
        deliveriesResponse(
          query.attention
            ? [pausedDelivery]
            : [pausedDelivery, healthyDelivery],
        ),
      ),
    getDeliveryMetrics: jest.fn(async () => metricsResponse),
  } as any);
  renderWithEntity(<DeliveriesPage />, { api });
  return api as any;
}

jest.setTimeout(30_000);

describe('DeliveriesPage', () => {
  it('shows the status counts, the rows with a link to the entity tab, and the fleet metrics', async () => {
    const api = setup();
    expect(await screen.findByTestId('count-paused')).toHaveTextContent(
      'Paused: 1',
    );
    expect(screen.getByTestId('count-attention')).toHaveTextContent(
      'Needs attention: 1',
    );
    const row = screen.getByTestId('delivery-prod-eu-shop-web');
    expect(within(row).getByText(/waiting for promotion/)).toBeInTheDocument();
    expect(within(row).getByText('team-a')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'web' })).toHaveAttribute(
      'href',
      '/catalog/default/component/web/rollouts?rollout=prod-eu%2Fshop%2Fweb',
    );
    expect(await screen.findByTestId('metric-cfr')).toHaveTextContent('25%');
    expect(api.getDeliveryMetrics).toHaveBeenCalledWith({ days: 30 });
  });

  it('filters to the deliveries needing attention', async () => {
    const api = setup();
    await screen.findByTestId('delivery-prod-eu-shop-api');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Needs attention' }),
    );
    await waitFor(() =>
      expect(api.getDeliveries).toHaveBeenLastCalledWith(
        expect.objectContaining({ attention: true, offset: 0 }),
      ),
    );
    await waitFor(() =>
      expect(
        screen.queryByTestId('delivery-prod-eu-shop-api'),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByTestId('delivery-prod-eu-shop-web')).toBeInTheDocument();
  });

  it('sorts by a column and pages on the server', async () => {
    const getDeliveries = jest.fn(async (query: any) =>
      deliveriesResponse([pausedDelivery], 120, query.offset ?? 0),
    );
    setup(getDeliveries);
    await screen.findByTestId('delivery-prod-eu-shop-web');
    await userEvent.click(
      within(screen.getByRole('columnheader', { name: 'Cluster' })).getByRole(
        'button',
      ),
    );
    await waitFor(() =>
      expect(getDeliveries).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'cluster', order: 'asc' }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() =>
      expect(getDeliveries).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'cluster', offset: 50 }),
      ),
    );
  });

  it('sends the free text to the server', async () => {
    const api = setup();
    await screen.findByTestId('delivery-prod-eu-shop-web');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search deliveries' }),
      'web',
    );
    await waitFor(() =>
      expect(api.getDeliveries).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'web' }),
      ),
    );
  });

  it('shows the server refusal', async () => {
    setup(
      jest.fn(async () =>
        Promise.reject(new Error('q may contain only letters')),
      ),
    );
    expect(
      (await screen.findAllByText(/q may contain only letters/)).length,
    ).toBeGreaterThan(0);
  });
});
