import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { mockApis } from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { RolloutsClient } from '../../api';
import { renderWithEntity } from '../../__testUtils__/render';
import { canaryDetail } from '../../__testUtils__/fixtures';
import { TestAnalysisButton } from './TestAnalysisButton';

// userEvent on MUI dialogs is slow on a loaded CI machine
jest.setTimeout(30_000);

const server = setupServer();
const DRY_RUN = 'http://backstage.test/api/rollouts/analysis/dry-run';

function renderButton(
  props: Partial<Parameters<typeof TestAnalysisButton>[0]> = {},
  permission: 'allow' | 'deny' = 'allow',
) {
  const client = new RolloutsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return renderWithEntity(
    <TestAnalysisButton
      rollout={{ ...canaryDetail, stablePodHash: '5f7d8c9b6' }}
      strategySpec={{
        canary: {
          steps: [
            { setWeight: 10 },
            { analysis: { templates: [{ templateName: 'success-rate' }] } },
            {
              analysis: {
                templates: [
                  { templateName: 'error-rate' },
                  { templateName: 'shared-latency', clusterScope: true },
                ],
              },
            },
          ],
        },
      }}
      {...props}
    />,
    { api: client as any, permission },
  );
}

describe('TestAnalysisButton', () => {
  registerMswTestHooks(server);

  it('runs a referenced template with the rollout args and shows each metric', async () => {
    let body: any;
    server.use(
      http.post(DRY_RUN, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({
          metrics: [
            {
              name: 'error-rate',
              provider: 'prometheus',
              phase: 'Failed',
              value: '[0.152]',
              message: 'failure condition met',
              durationMs: 42,
              query: 'sum(rate(http_requests_total[1m]))',
            },
          ],
        });
      }),
    );
    renderButton();
    const button = await screen.findByTestId('action-test-analysis');
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = await screen.findByTestId('test-analysis-dialog');

    // the referenced templates are offered, with where the rollout uses them
    fireEvent.mouseDown(
      within(dialog).getByRole('button', { name: /success-rate/ }),
    );
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'success-rate (step 2)',
      'error-rate (step 3)',
      'ClusterAnalysisTemplate shared-latency (step 3)',
    ]);
    await userEvent.click(options[1]);

    // the args are prefilled from the rollout and editable
    expect(within(dialog).getByTestId('test-analysis-arg-rollout')).toHaveValue(
      'user-service',
    );
    const namespace = within(dialog).getByTestId('test-analysis-arg-namespace');
    fireEvent.change(namespace, { target: { value: 'apps-2' } });

    await userEvent.click(within(dialog).getByTestId('test-analysis-run'));
    const row = await within(dialog).findByTestId(
      'test-analysis-metric-error-rate',
    );
    expect(row).toHaveAttribute('data-phase', 'Failed');
    expect(row).toHaveTextContent('[0.152]');
    expect(row).toHaveTextContent('failure condition met');
    expect(row).toHaveTextContent('42 ms');
    expect(body).toEqual({
      cluster: 'local',
      // templates are read where the rollout lives; the arg is the user's
      namespace: canaryDetail.namespace,
      template: { name: 'error-rate' },
      args: [
        { name: 'namespace', value: 'apps-2' },
        { name: 'rollout', value: 'user-service' },
        { name: 'canary-hash', value: canaryDetail.currentPodHash },
        { name: 'stable-hash', value: '5f7d8c9b6' },
      ],
    });
  });

  it('names no namespace for a ClusterAnalysisTemplate', async () => {
    let body: any;
    server.use(
      http.post(DRY_RUN, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ metrics: [] });
      }),
    );
    renderButton();
    await waitFor(() =>
      expect(screen.getByTestId('action-test-analysis')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('action-test-analysis'));
    const dialog = await screen.findByTestId('test-analysis-dialog');
    fireEvent.mouseDown(
      within(dialog).getByRole('button', { name: /success-rate/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /shared-latency/ }),
    );
    await userEvent.click(within(dialog).getByTestId('test-analysis-run'));
    await waitFor(() => expect(body).toBeDefined());
    expect(body.namespace).toBeUndefined();
    expect(body.template).toEqual({ name: 'shared-latency' });
  });

  it('sends pasted YAML and shows the 400 message of a refused template', async () => {
    let body: any;
    server.use(
      http.post(DRY_RUN, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Metric up names its own Prometheus address; the dry-run only queries the Prometheus configured for cluster local.',
            },
          },
          { status: 400 },
        );
      }),
    );
    const yaml = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: AnalysisTemplate',
      'metadata: { name: up }',
      'spec:',
      '  args:',
      '    - name: service',
      '  metrics:',
      '    - name: up',
      '      provider: { prometheus: { address: "http://evil:9090", query: up } }',
    ].join('\n');
    renderButton({ strategySpec: undefined, initialYaml: yaml });
    await waitFor(() =>
      expect(screen.getByTestId('action-test-analysis')).toBeEnabled(),
    );
    await userEvent.click(screen.getByTestId('action-test-analysis'));
    const dialog = await screen.findByTestId('test-analysis-dialog');
    const editor = within(dialog).getByTestId('test-analysis-yaml');
    expect(editor).toHaveValue(yaml);
    // leaving the editor adds the args the YAML declares
    fireEvent.blur(editor);
    fireEvent.change(
      await within(dialog).findByTestId('test-analysis-arg-service'),
      { target: { value: 'web' } },
    );
    await userEvent.click(within(dialog).getByTestId('test-analysis-run'));
    expect(
      await within(dialog).findByTestId('test-analysis-error'),
    ).toHaveTextContent(/names its own Prometheus address/);
    expect(body.template).toBe(yaml);
    expect(body.namespace).toBe(canaryDetail.namespace);
    expect(body.args).toContainEqual({ name: 'service', value: 'web' });
  });

  it('is disabled without the dry-run permission', async () => {
    renderButton({}, 'deny');
    await waitFor(() =>
      expect(screen.getByTestId('action-test-analysis')).toHaveAttribute(
        'aria-label',
        'Test analysis (unavailable: You do not have permission to dry-run analysis templates.)',
      ),
    );
    expect(screen.getByTestId('action-test-analysis')).toBeDisabled();
  });
});
