import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import {
  DeliveriesQuery,
  DeliveryItem,
  rolloutsSignalChannel,
} from '@gradual/plugin-rollouts-common';
import {
  createMockRolloutsApi,
  renderWithEntity,
} from '../../__testUtils__/render';
import { DELIVERIES_LIVE_KEY, DeliveriesPage } from './DeliveriesPage';
import {
  deliveriesResponse,
  healthyDelivery,
  metricsResponse,
  pausedDelivery,
} from './testData';

/** A fleet of `n` deliveries behind a paging API, like the backend's (offset, limit, total). */
function fleet(n: number) {
  const items: DeliveryItem[] = Array.from({ length: n }, (_, i) => ({
    ...healthyDelivery,
    cluster: `c${i % 10}`,
    name: `ro-${String(i).padStart(5, '0')}`,
  }));
  return jest.fn(async (query: DeliveriesQuery) => {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    return {
      ...deliveriesResponse(items.slice(offset, offset + limit), n, offset),
      limit,
    };
  });
}

/** The table's body rows (by test id: role queries are slow on a large DOM). */
const rows = () => screen.getAllByTestId(/^delivery-c\d+-/);
const page = (label: 'First page' | 'Next page' | 'Last page') =>
  userEvent.click(screen.getByLabelText(label));

function setup(getDeliveries?: jest.Mock, extraApis: any[] = []) {
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
  renderWithEntity(<DeliveriesPage />, { api, extraApis });
  return api as any;
}

// Pages of 50–100 Material UI rows render slowly in jsdom on a loaded machine.
jest.setTimeout(120_000);

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

  it('renders a page of a 10,000-row fleet, not the fleet, and pages to the last row', async () => {
    const getDeliveries = fleet(10_000);
    setup(getDeliveries);
    await screen.findByTestId('delivery-c0-shop-ro-00000');
    expect(rows()).toHaveLength(50);
    expect(screen.getByText('1-50 of 10000')).toBeInTheDocument();

    await page('Last page');
    expect(
      await screen.findByTestId('delivery-c9-shop-ro-09999'),
    ).toBeInTheDocument();
    expect(getDeliveries).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 9950, limit: 50 }),
    );
    expect(rows()).toHaveLength(50);
    expect(screen.getByText('9951-10000 of 10000')).toBeInTheDocument();
    expect(
      screen.queryByTestId('delivery-c0-shop-ro-00000'),
    ).not.toBeInTheDocument();
  });

  it('changes the page size with the rows-per-page control (from the first page)', async () => {
    const getDeliveries = fleet(10_000);
    setup(getDeliveries);
    await screen.findByTestId('delivery-c0-shop-ro-00000');
    await page('Next page');
    await screen.findByTestId('delivery-c0-shop-ro-00050');
    await userEvent.click(
      screen.getByText('50', { selector: '[role=button]' }),
    );
    await userEvent.click(screen.getByText('100', { selector: 'li' }));
    await screen.findByTestId('delivery-c9-shop-ro-00099');
    expect(getDeliveries).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 0, limit: 100 }),
    );
    expect(rows()).toHaveLength(100);
    await page('Last page');
    await screen.findByTestId('delivery-c9-shop-ro-09999');
    expect(rows()).toHaveLength(100);
    expect(screen.getByText('9901-10000 of 10000')).toBeInTheDocument();
  });

  it('keeps the filters on screen while the next page loads', async () => {
    let release!: () => void;
    const all = fleet(200);
    const getDeliveries = jest.fn(async (query: DeliveriesQuery) => {
      if (query.offset) await new Promise<void>(r => (release = r));
      return all(query);
    });
    setup(getDeliveries);
    await screen.findByTestId('delivery-c0-shop-ro-00000');
    await page('Next page');
    await waitFor(() =>
      expect(getDeliveries).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 50 }),
      ),
    );
    // Still the first page and the search box, while the second loads.
    expect(
      screen.getByRole('textbox', { name: 'Search deliveries' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('delivery-c0-shop-ro-00000')).toBeInTheDocument();
    act(() => release());
    expect(
      await screen.findByTestId('delivery-c0-shop-ro-00050'),
    ).toBeInTheDocument();
  });

  it('reloads the current page on a deliveries signal, and moves back when the list shrank under it', async () => {
    const listeners = new Map<string, (message: any) => void>();
    const signals: SignalApi = {
      subscribe: jest.fn((channel, onMessage) => {
        listeners.set(channel, onMessage);
        return { unsubscribe: () => listeners.delete(channel) };
      }),
    };
    let size = 10_000;
    const getDeliveries = jest.fn((query: DeliveriesQuery) =>
      fleet(size)(query),
    );
    setup(getDeliveries, [[signalApiRef, signals]]);
    await screen.findByTestId('delivery-c0-shop-ro-00000');
    await page('Last page');
    await screen.findByTestId('delivery-c9-shop-ro-09999');
    const calls = getDeliveries.mock.calls.length;

    const signal = () =>
      act(() =>
        listeners.get(rolloutsSignalChannel(DELIVERIES_LIVE_KEY))!({
          type: 'deliveries-changed',
        }),
      );
    signal();
    await waitFor(() =>
      expect(getDeliveries.mock.calls.length).toBeGreaterThan(calls),
    );
    expect(getDeliveries).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 9950 }),
    );

    // 100 deliveries went away: the page at 9950 is past the end now.
    size = 9_900;
    signal();
    expect(
      await screen.findByTestId('delivery-c9-shop-ro-09899'),
    ).toBeInTheDocument();
    expect(getDeliveries).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 9850 }),
    );
    expect(screen.getByText('9851-9900 of 9900')).toBeInTheDocument();
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
