import { act, screen, waitFor } from '@testing-library/react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { RolloutsContent } from './RolloutsContent';
import {
  createMockRolloutsApi,
  renderWithEntity,
} from '../../__testUtils__/render';
import {
  canaryDetail,
  canarySummary,
  entityRollouts,
} from '../../__testUtils__/fixtures';

describe('live updates of the Rollouts tab', () => {
  it('reloads the list and the detail when the entity signal arrives', async () => {
    let onMessage: ((message: any) => void) | undefined;
    const signalApi: SignalApi = {
      subscribe: (channel, cb) => {
        if (channel === 'rollouts:component:default/user-service') {
          onMessage = cb;
        }
        return { unsubscribe: () => {} };
      },
    };
    const promoted = {
      ...canaryDetail,
      phase: 'Progressing' as const,
      step: { index: 2, count: 4 },
      resourceVersion: '1002',
    };
    const api = createMockRolloutsApi();
    renderWithEntity(<RolloutsContent />, {
      api,
      extraApis: [[signalApiRef, signalApi]],
    });
    const detail = await screen.findByTestId('rollout-detail');
    expect(detail).toHaveTextContent('Step 1/4');
    expect(screen.getAllByTestId('rollouts-updated')[0]).toHaveTextContent(
      'live updates',
    );

    api.getRollout.mockResolvedValue(promoted);
    api.getEntityRollouts.mockResolvedValue({
      ...entityRollouts,
      items: [
        {
          ...canarySummary,
          phase: 'Progressing',
          step: { index: 2, count: 4 },
        },
      ],
    });
    act(() => onMessage!({ type: 'rollouts-changed' }));

    // No polling interval elapses in this test: only the signal can refresh it.
    await waitFor(() =>
      expect(screen.getByTestId('rollout-detail')).toHaveTextContent(
        'Step 2/4',
      ),
    );
    expect(screen.getByTestId('rollout-detail')).toHaveTextContent(
      'Progressing',
    );
    expect(
      screen.getAllByTestId('rollout-row-user-service')[0],
    ).toHaveTextContent('Step 2/4');
  });
});
