import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { RolloutsContent } from '../content';
import {
  createMockRolloutsApi,
  renderWithEntity,
} from '../../__testUtils__/render';
import {
  canaryDetail,
  strategyOptions,
  strategyPlanFor,
} from '../../__testUtils__/fixtures';

// The tab, the detail and the debounced dry run render one after another.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);

async function openDialog() {
  await userEvent.click(await screen.findByTestId('action-change-strategy'));
  const dialog = await screen.findByTestId('change-strategy-dialog');
  // the live strategy is planned first: no change yet
  await waitFor(() =>
    expect(within(dialog).getByTestId('strategy-diff')).toHaveTextContent(
      'No change to the live strategy.',
    ),
  );
  return dialog;
}

async function httpError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      // the backend's error body
      JSON.stringify({
        error: { name: 'Error', message },
        request: { method: 'POST', url: '/strategy' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: 'Error',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('change strategy dialog', () => {
  it('switches to a preset, shows the YAML diff and applies it with the resourceVersion', async () => {
    const { api, alertApi } = renderWithEntity(<RolloutsContent />);
    const dialog = await openDialog();
    expect(within(dialog).getByRole('dialog')).toHaveAccessibleName(
      'Change the strategy of user-service',
    );
    expect(api.getStrategyOptions).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'user-service' }),
      expect.objectContaining({ cluster: 'local', namespace: 'apps' }),
    );
    const apply = within(dialog).getByTestId('strategy-apply');
    expect(apply).toBeDisabled();
    expect(
      within(dialog).getByText('Nothing changed: this is the live strategy.'),
    ).toBeVisible();

    await userEvent.selectOptions(
      within(dialog).getByTestId('strategy-preset'),
      'fast-canary',
    );
    await waitFor(() =>
      expect(within(dialog).getByTestId('strategy-diff')).toHaveTextContent(
        '+ - setWeight: 20',
      ),
    );
    expect(within(dialog).getByTestId('strategy-diff')).toHaveTextContent(
      '- - setWeight: 10',
    );
    // the preset's steps are in the editor
    expect(within(dialog).getByTestId('strategy-step-0-weight')).toHaveValue(
      20,
    );
    await waitFor(() => expect(apply).toBeEnabled());

    await userEvent.click(apply);
    await waitFor(() =>
      expect(api.changeStrategy).toHaveBeenLastCalledWith(
        expect.objectContaining({ name: 'user-service' }),
        expect.objectContaining({ name: 'user-service' }),
        {
          spec: strategyOptions.presets.find(p => p.name === 'fast-canary')!
            .spec,
          expected: { resourceVersion: '1001' },
        },
      ),
    );
    await waitFor(() =>
      expect(
        screen.queryByTestId('change-strategy-dialog'),
      ).not.toBeInTheDocument(),
    );
    expect(alertApi.getAlerts()).toEqual([
      expect.objectContaining({
        message: 'New strategy applied to user-service.',
        severity: 'success',
      }),
    ]);
  });

  it('edits, reorders and removes steps, and shows the policy findings of the result', async () => {
    const { api } = renderWithEntity(<RolloutsContent />);
    const dialog = await openDialog();
    const weight = within(dialog).getByTestId('strategy-step-0-weight');
    await userEvent.clear(weight);
    await userEvent.type(weight, '40');
    const findings = await within(dialog).findByTestId('strategy-findings');
    expect(findings).toHaveTextContent(
      'The first canary step sends 40% of the traffic; the platform allows at most 25%',
    );
    expect(within(dialog).getByTestId('strategy-apply')).toBeDisabled();
    expect(
      within(dialog).getByText(
        'The new strategy breaks the rules listed above.',
      ),
    ).toBeVisible();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Move step 1 down' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove step 4' }),
    );
    await userEvent.click(within(dialog).getByTestId('strategy-add-pause'));
    await waitFor(() =>
      expect(api.changeStrategy).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.anything(),
        {
          spec: {
            strategy: 'canary',
            steps: [
              { pause: { duration: '2m' } },
              { setWeight: 40 },
              { analysis: { templates: ['success-rate'] } },
              { pause: { duration: '1m' } },
            ],
          },
          dryRun: true,
        },
      ),
    );
  });

  it('explains recreate and offers no apply', async () => {
    renderWithEntity(<RolloutsContent />);
    const dialog = await openDialog();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Recreate' }),
    );
    expect(within(dialog).getByTestId('strategy-recreate')).toHaveTextContent(
      'not progressive delivery and is meant for development namespaces only',
    );
    expect(
      within(dialog).queryByTestId('strategy-preset'),
    ).not.toBeInTheDocument();
    expect(within(dialog).getByTestId('strategy-apply')).toBeDisabled();
  });

  it('switches to blue-green from a preset and shows the guide', async () => {
    renderWithEntity(<RolloutsContent />);
    const dialog = await openDialog();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Blue-green' }),
    );
    expect(within(dialog).getByTestId('strategy-preset')).toHaveValue(
      'blue-green-manual',
    );
    expect(
      within(dialog).getByTestId('strategy-blue-green'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(within(dialog).getByTestId('strategy-diff')).toHaveTextContent(
        '+ blueGreen:',
      ),
    );
    await userEvent.click(within(dialog).getByText(/Which strategy\?/));
    const guide = within(dialog).getByTestId('strategy-guide');
    expect(guide).toHaveTextContent('Expand, never drop');
    expect(guide).toHaveTextContent('No schema rollback');
  });

  it('disables apply without the strategy permission and says why', async () => {
    renderWithEntity(<RolloutsContent />, {
      permission: name => name !== 'rollouts.rollout.strategy.update',
    });
    const dialog = await openDialog();
    await userEvent.selectOptions(
      within(dialog).getByTestId('strategy-preset'),
      'fast-canary',
    );
    await waitFor(() =>
      expect(within(dialog).getByTestId('strategy-diff')).toHaveTextContent(
        'setWeight: 20',
      ),
    );
    const apply = within(dialog).getByTestId('strategy-apply');
    expect(apply).toBeDisabled();
    expect(apply).toHaveAccessibleDescription(
      'You do not have permission to change the strategy of this rollout (rollouts.rollout.strategy.update).',
    );
  });

  it('for an Argo CD managed rollout shows the file to commit and opens a pull request instead of applying', async () => {
    const gitOps = {
      created: true,
      pullRequest: {
        number: 7,
        url: 'http://127.0.0.1:13300/gradual/shop/pulls/7',
        title: 'Rollout shop/web: canary strategy',
        state: 'open' as const,
        branch: 'gradual/local/shop/web/strategy-abc',
        baseBranch: 'main',
      },
      repository: {
        url: 'http://127.0.0.1:13300/gradual/shop',
        branch: 'main',
        path: 'deploy/web.yaml',
      },
    };
    const api = createMockRolloutsApi({
      getStrategyOptions: jest.fn(async () => ({
        ...strategyOptions,
        managedByArgoCD: true,
      })),
      changeStrategy: jest.fn(async (_e: unknown, _r: unknown, req: any) => ({
        ...strategyPlanFor(req.spec, { managedByArgoCD: true }),
        ...(req.dryRun ? {} : { dryRun: false, gitOps }),
      })),
    });
    renderWithEntity(<RolloutsContent />, { api });
    await userEvent.click(await screen.findByTestId('action-change-strategy'));
    const dialog = await screen.findByTestId('change-strategy-dialog');
    expect(
      await within(dialog).findByTestId('strategy-argocd'),
    ).toHaveTextContent('self-heal would revert a direct change');
    await userEvent.selectOptions(
      await within(dialog).findByTestId('strategy-preset'),
      'fast-canary',
    );
    const file = await within(dialog).findByTestId('strategy-commit-file');
    await waitFor(() => expect(file).toHaveTextContent('setWeight: 20'));
    expect(file).toHaveTextContent('"op": "replace"');
    const apply = within(dialog).getByTestId('strategy-apply');
    expect(apply).toHaveTextContent('Open pull request');
    await waitFor(() => expect(apply).toBeEnabled());
    await userEvent.click(apply);
    const opened = await within(dialog).findByTestId('strategy-pull-request');
    expect(opened).toHaveTextContent(
      /Opened pull request #7.* changing deploy\/web.yaml of http:\/\/127.0.0.1:13300\/gradual\/shop/,
    );
    expect(within(opened).getByRole('link')).toHaveAttribute(
      'href',
      gitOps.pullRequest.url,
    );
    expect(api.changeStrategy).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.anything(),
      expect.not.objectContaining({ dryRun: true }),
    );
    expect(apply).toBeDisabled();
  });

  it('on 409 says nothing changed and plans again', async () => {
    const api = createMockRolloutsApi();
    const dryRun = api.changeStrategy.getMockImplementation()!;
    api.changeStrategy.mockImplementation(async (e: any, r: any, req: any) => {
      if (!req.dryRun)
        throw await httpError(
          409,
          'the rollout moved on: resourceVersion is 1002, expected 1001',
        );
      return dryRun(e, r, req);
    });
    renderWithEntity(<RolloutsContent />, { api });
    const dialog = await openDialog();
    await userEvent.selectOptions(
      within(dialog).getByTestId('strategy-preset'),
      'fast-canary',
    );
    const apply = within(dialog).getByTestId('strategy-apply');
    await waitFor(() => expect(apply).toBeEnabled());
    const calls = api.changeStrategy.mock.calls.length;
    await userEvent.click(apply);
    expect(
      await within(dialog).findByTestId('strategy-apply-error'),
    ).toHaveTextContent(
      'Nothing was changed: the rollout moved on: resourceVersion is 1002, expected 1001',
    );
    // a fresh dry run after the conflict
    await waitFor(() =>
      expect(api.changeStrategy.mock.calls.length).toBeGreaterThan(calls + 1),
    );
    expect(screen.getByTestId('change-strategy-dialog')).toBeInTheDocument();
  });

  it('shows a 400 of the plan as the reason', async () => {
    const api = createMockRolloutsApi();
    const dryRun = api.changeStrategy.getMockImplementation()!;
    api.changeStrategy.mockImplementation(async (e: any, r: any, req: any) => {
      if (req.spec.steps?.length === 0) {
        throw await httpError(
          400,
          'spec is not a valid strategy spec: /steps must NOT have fewer than 1 items',
        );
      }
      return dryRun(e, r, req);
    });
    renderWithEntity(<RolloutsContent />, { api });
    const dialog = await openDialog();
    for (let i = 4; i >= 1; i--) {
      await userEvent.click(
        within(dialog).getByRole('button', { name: `Remove step ${i}` }),
      );
    }
    expect(
      await within(dialog).findByTestId('strategy-plan-error'),
    ).toHaveTextContent('/steps must NOT have fewer than 1 items');
    expect(within(dialog).getByTestId('strategy-apply')).toBeDisabled();
  });
});

describe('lint findings of the live rollout', () => {
  it('are shown as an accessible warning in the detail view', async () => {
    const api = createMockRolloutsApi({
      getRollout: jest.fn(async () => ({
        ...canaryDetail,
        findings: [
          {
            rule: 'max-first-canary-weight',
            severity: 'error',
            path: 'spec.strategy.canary.steps[0].setWeight',
            message:
              'The first canary step sends 40% of the traffic; the platform allows at most 25%',
          },
          {
            rule: 'weights-non-decreasing',
            severity: 'warning',
            path: 'spec.strategy.canary.steps[2].setWeight',
            message: 'The weight goes down from 40% to 20%',
          },
        ],
      })),
    });
    renderWithEntity(<RolloutsContent />, { api });
    const region = await screen.findByRole('region', {
      name: 'Configuration findings: 1 policy error, 1 warning',
    });
    expect(region).toHaveTextContent(
      'Error max-first-canary-weight at spec.strategy.canary.steps[0].setWeight: The first canary step sends 40%',
    );
    expect(within(region).getAllByTestId('finding')).toHaveLength(2);
  });

  it('are absent when the rollout has none', async () => {
    renderWithEntity(<RolloutsContent />);
    await screen.findByTestId('rollout-detail');
    expect(screen.queryByTestId('rollout-findings')).not.toBeInTheDocument();
  });
});
