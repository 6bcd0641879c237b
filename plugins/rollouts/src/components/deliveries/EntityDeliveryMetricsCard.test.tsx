import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  createMockRolloutsApi,
  renderWithEntity,
} from '../../__testUtils__/render';
import { EntityDeliveryMetricsCard } from './EntityDeliveryMetricsCard';
import { metricsResponse } from './testData';

jest.setTimeout(30_000);

describe('EntityDeliveryMetricsCard', () => {
  it("shows the entity's delivery metrics and charts, and changes the period", async () => {
    const getDeliveryMetrics = jest.fn(async () => metricsResponse);
    const api = createMockRolloutsApi({ getDeliveryMetrics } as any);
    renderWithEntity(<EntityDeliveryMetricsCard />, { api });
    expect(await screen.findByTestId('metric-deployments')).toHaveTextContent(
      '4',
    );
    expect(screen.getByTestId('metric-failures')).toHaveTextContent('1 / 1');
    expect(screen.getByTestId('metric-cfr')).toHaveTextContent('25%');
    expect(screen.getByTestId('metric-lead-time')).toHaveTextContent(
      '5m / 10m',
    );
    expect(
      screen.getByRole('figure', {
        name: 'Abort reasons: analysis metric 1, manual 0, progress deadline 0',
      }),
    ).toBeInTheDocument();
    expect(getDeliveryMetrics).toHaveBeenCalledWith({
      entityRef: 'component:default/user-service',
      days: 30,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Period' }));
    await userEvent.click(screen.getByRole('option', { name: 'last 7 days' }));
    await waitFor(() =>
      expect(getDeliveryMetrics).toHaveBeenLastCalledWith({
        entityRef: 'component:default/user-service',
        days: 7,
      }),
    );
  });
});
