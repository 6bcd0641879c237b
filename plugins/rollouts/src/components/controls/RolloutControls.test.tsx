import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { RolloutsContent } from '../content';
import {
  createMockRolloutsApi,
  renderWithEntity,
} from '../../__testUtils__/render';
import { abortedDetail, canaryDetail } from '../../__testUtils__/fixtures';

async function conflictError() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message: 'step changed' },
      }),
      {
        status: 409,
        statusText: 'Conflict',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('rollout controls', () => {
  it('enables what applies and disables the rest with the model reason', async () => {
    renderWithEntity(<RolloutsContent />);
    await screen.findByTestId('rollout-controls');
    await waitFor(() =>
      expect(screen.getByTestId('action-promote')).toBeEnabled(),
    );
    expect(screen.getByTestId('action-abort')).toBeEnabled();
    expect(screen.getByTestId('action-restart')).toBeEnabled();
    expect(screen.getByTestId('action-set-image')).toHaveTextContent(
      'Deploy new image',
    );

    const retry = screen.getByTestId('action-retry');
    expect(retry).toBeDisabled();
    expect(retry).toHaveAttribute(
      'aria-label',
      'Retry (unavailable: Only an aborted update can be retried.)',
    );
    // the tooltip works on the wrapper span of a disabled button
    await userEvent.hover(screen.getByTestId('action-retry-wrapper'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Only an aborted update can be retried.',
    );
  });

  it('disables every control when the user lacks the permissions', async () => {
    const { api } = renderWithEntity(<RolloutsContent />, {
      permission: name => name === 'rollouts.rollout.read',
    });
    const controls = await screen.findByTestId('rollout-controls');
    await waitFor(() =>
      expect(screen.getByTestId('action-promote')).toHaveAttribute(
        'aria-label',
        'Promote (unavailable: You do not have permission to promote this rollout.)',
      ),
    );
    for (const button of within(controls).getAllByRole('button')) {
      expect(button).toBeDisabled();
    }
    await waitFor(() =>
      expect(screen.getByTestId('action-rollback-1')).toBeDisabled(),
    );
    expect(api.runAction).not.toHaveBeenCalled();
  });

  it('asks for confirmation and sends the action with its preconditions', async () => {
    const { api, alertApi } = renderWithEntity(<RolloutsContent />);
    await waitFor(() =>
      expect(screen.getByTestId('action-promote')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('action-promote'));

    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveAccessibleName('Promote user-service?');
    expect(dialog).toHaveTextContent(
      'Resume user-service and let it continue to the next step.',
    );
    await waitFor(() =>
      expect(
        within(dialog).getByRole('button', { name: 'Cancel' }),
      ).toHaveFocus(),
    );

    await userEvent.click(within(dialog).getByTestId('confirm-promote'));
    await waitFor(() => expect(api.runAction).toHaveBeenCalledTimes(1));
    expect(api.runAction).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'Component', name: 'user-service' }),
      expect.objectContaining({
        cluster: 'local',
        namespace: 'apps',
        name: 'user-service',
      }),
      'promote',
      { expected: { step: 1, revision: '2', resourceVersion: '1001' } },
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(alertApi.getAlerts()).toEqual([
      expect.objectContaining({
        message: 'Promote: sent to user-service.',
        severity: 'success',
      }),
    ]);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const { api } = renderWithEntity(<RolloutsContent />);
    await waitFor(() =>
      expect(screen.getByTestId('action-abort')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('action-abort'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Stop the update of user-service to revision 2 and send all traffic back to the stable version.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.runAction).not.toHaveBeenCalled();
  });

  it('on 409 refreshes the view and says the rollout moved on', async () => {
    const api = createMockRolloutsApi({
      runAction: jest.fn(async () => {
        throw await conflictError();
      }),
    });
    renderWithEntity(<RolloutsContent />, { api });
    await waitFor(() =>
      expect(screen.getByTestId('action-abort')).toBeEnabled(),
    );
    const detailLoads = api.getRollout.mock.calls.length;
    const listLoads = api.getEntityRollouts.mock.calls.length;

    await userEvent.click(screen.getByTestId('action-abort'));
    await userEvent.click(await screen.findByTestId('confirm-abort'));

    expect(await screen.findByTestId('action-feedback')).toHaveTextContent(
      /^The rollout moved on since this page was loaded/,
    );
    await waitFor(() =>
      expect(api.getRollout.mock.calls.length).toBeGreaterThan(detailLoads),
    );
    expect(api.getEntityRollouts.mock.calls.length).toBeGreaterThan(listLoads);
  });

  it('shows other errors inline', async () => {
    const api = createMockRolloutsApi({
      runAction: jest.fn(async () => {
        throw new Error('controller unreachable');
      }),
    });
    renderWithEntity(<RolloutsContent />, { api });
    await waitFor(() =>
      expect(screen.getByTestId('action-restart')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('action-restart'));
    await userEvent.click(await screen.findByTestId('confirm-restart'));
    expect(await screen.findByTestId('action-feedback')).toHaveTextContent(
      'Restart failed: controller unreachable',
    );
  });

  it('deploys a new image through the set-image dialog', async () => {
    const { api } = renderWithEntity(<RolloutsContent />);
    await waitFor(() =>
      expect(screen.getByTestId('action-set-image')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('action-set-image'));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByTestId('confirm-set-image');
    expect(confirm).toBeDisabled();
    const input = within(dialog).getByLabelText('New image');
    await waitFor(() => expect(input).toHaveFocus());
    await userEvent.type(input, 'registry.local/user-service:1.1.0');
    expect(confirm).toBeDisabled(); // unchanged image
    await userEvent.clear(input);
    await userEvent.type(input, 'registry.local/user-service:1.2.0');
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(api.runAction).toHaveBeenCalledWith(
        expect.anything(),
        expect.anything(),
        'set-image',
        {
          container: 'app',
          image: 'registry.local/user-service:1.2.0',
          expected: { step: 1, revision: '2', resourceVersion: '1001' },
        },
      ),
    );
  });

  it('rolls back to a chosen revision', async () => {
    const { api } = renderWithEntity(<RolloutsContent />);
    await waitFor(() =>
      expect(screen.getByTestId('action-rollback-1')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('action-rollback-1'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Roll user-service back to revision 1.');
    await userEvent.click(within(dialog).getByTestId('confirm-rollback-1'));
    await waitFor(() =>
      expect(api.runAction).toHaveBeenCalledWith(
        expect.anything(),
        expect.anything(),
        'undo',
        {
          toRevision: 1,
          expected: { step: 1, revision: '2', resourceVersion: '1001' },
        },
      ),
    );
  });

  it('promotes a Degraded canary with steps left only after the warning is confirmed (force)', async () => {
    const degraded = {
      ...canaryDetail,
      phase: 'Degraded' as const,
      message:
        'ProgressDeadlineExceeded: ReplicaSet has timed out progressing.',
      pauseConditions: [],
      paused: false,
    };
    const api = createMockRolloutsApi({
      getRollout: jest.fn(async () => degraded),
    });
    renderWithEntity(<RolloutsContent />, { api });
    await waitFor(() =>
      expect(screen.getByTestId('action-promote')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('action-promote'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('warning-promote')).toHaveTextContent(
      'The rollout is Degraded: promoting would skip a step of an unhealthy update.',
    );
    const confirm = within(dialog).getByTestId('confirm-promote');
    expect(confirm).toHaveTextContent('Promote anyway');
    await userEvent.click(confirm);
    await waitFor(() => expect(api.runAction).toHaveBeenCalledTimes(1));
    expect(api.runAction).toHaveBeenCalledWith(
      expect.anything(),
      expect.anything(),
      'promote',
      expect.objectContaining({ force: true }),
    );
  });

  it('offers retry on an aborted rollout and shows which metric failed', async () => {
    const api = createMockRolloutsApi({
      getRollout: jest.fn(async () => abortedDetail),
    });
    renderWithEntity(<RolloutsContent />, { api });
    const banner = await screen.findByTestId('aborted-by-analysis');
    expect(banner).toHaveTextContent(
      'Aborted by analysis: success-rate measured 0.91 (0.08 below the threshold 0.99), success condition result[0] >= 0.99 (run user-service-3-1; 2 failed measurements, limit 1).',
    );
    expect(within(banner).getByRole('link')).toHaveAttribute(
      'href',
      '#analysis-run-user-service-3-1',
    );
    await waitFor(() =>
      expect(screen.getByTestId('action-retry')).toBeEnabled(),
    );
    expect(screen.getByTestId('action-abort')).toBeDisabled();
    expect(screen.getByTestId('action-promote')).toBeDisabled();
    expect(canaryDetail.aborted).toBe(false);
  });
});
