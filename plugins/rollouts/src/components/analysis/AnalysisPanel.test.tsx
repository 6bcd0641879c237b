import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RolloutDetail } from '@gradual/plugin-rollouts-common';
import { AnalysisPanel } from './AnalysisPanel';
import { describeAnalysisAbort } from './AbortedByAnalysisBanner';
import {
  abortedDetail,
  canaryDetail,
  successRateRun,
} from '../../__testUtils__/fixtures';

describe('AnalysisPanel', () => {
  it('groups runs by revision and shows a running run expanded with chart, limits and query', async () => {
    await renderInTestApp(<AnalysisPanel detail={canaryDetail} />);
    expect(screen.getByText('Revision 2')).toBeInTheDocument();
    const metric = await screen.findByTestId('metric-success-rate');

    const chart = within(metric).getByTestId('metric-chart-success-rate');
    expect(chart).toHaveAttribute(
      'aria-label',
      'success-rate: 2 measurements, latest 0.999, success when >= 0.99',
    );
    expect(chart.querySelectorAll('circle')).toHaveLength(2);
    expect(within(chart).getByText('success >= 0.99')).toBeInTheDocument();

    const limits = within(metric).getByRole('table', {
      name: 'Pass requirements of success-rate',
    });
    const failedRow = within(limits).getByText('Failed').closest('tr')!;
    expect(failedRow).toHaveTextContent('Failed01');
    expect(
      within(limits).getByText('Consecutive errors').closest('tr'),
    ).toHaveTextContent('Consecutive errors04');

    expect(
      within(metric).getByText(successRateRun.metrics[0].provider.query!),
    ).toBeInTheDocument();
    const measurements = within(metric).getByRole('table', {
      name: 'Measurements of success-rate',
    });
    const rows = within(measurements).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toHaveTextContent('[0.999]Successful');
  });

  it('marks an exceeded limit and colours failed measurements', async () => {
    await renderInTestApp(<AnalysisPanel detail={abortedDetail} />);
    const metric = await screen.findByTestId('metric-success-rate');
    const limits = within(metric).getByRole('table', {
      name: 'Pass requirements of success-rate',
    });
    expect(within(limits).getByText('Failed').closest('tr')).toHaveTextContent(
      'Failed21 (exceeded)',
    );
    const chart = within(metric).getByTestId('metric-chart-success-rate');
    const phases = [...chart.querySelectorAll('circle')].map(c =>
      c.getAttribute('data-phase'),
    );
    expect(phases).toEqual(['Successful', 'Failed', 'Failed']);
  });

  it('shows experiments with their ReplicaSets', async () => {
    const detail: RolloutDetail = {
      ...canaryDetail,
      analysisRuns: [],
      experiments: [
        {
          name: 'user-service-2-exp',
          phase: 'Running',
          revision: 2,
          replicaSets: [canaryDetail.revisions[0].replicaSets[0]],
          analysisRuns: [],
        },
      ],
    };
    await renderInTestApp(<AnalysisPanel detail={detail} />);
    const experiment = screen.getByTestId('experiment-user-service-2-exp');
    expect(experiment).toHaveTextContent('Experiment user-service-2-exp');
    expect(
      within(experiment).getByText('user-service-hash-2'),
    ).toBeInTheDocument();
  });

  it('collapses and expands a run by keyboard', async () => {
    await renderInTestApp(<AnalysisPanel detail={canaryDetail} />);
    const header = screen.getByRole('button', { name: /user-service-2-1/ });
    expect(header).toHaveAttribute('aria-expanded', 'true');
    header.focus();
    await userEvent.keyboard('{Enter}');
    expect(header).toHaveAttribute('aria-expanded', 'false');
  });

  it('says when there is no analysis', async () => {
    await renderInTestApp(
      <AnalysisPanel
        detail={{ ...canaryDetail, analysisRuns: [], experiments: [] }}
      />,
    );
    expect(
      screen.getByText('No analysis runs or experiments for this rollout.'),
    ).toBeInTheDocument();
  });
});

describe('describeAnalysisAbort', () => {
  it('quotes the condition when it is not a simple threshold', () => {
    const detail: RolloutDetail = {
      ...abortedDetail,
      analysisRuns: [
        {
          ...abortedDetail.analysisRuns[0],
          metrics: [
            {
              ...abortedDetail.analysisRuns[0].metrics[0],
              successCondition: 'len(result) > 0 && result[0] >= 0.99',
            },
          ],
        },
      ],
    };
    expect(describeAnalysisAbort(detail)).toBe(
      'Aborted by analysis: success-rate measured 0.91, success condition len(result) > 0 && result[0] >= 0.99 (run user-service-3-1; 2 failed measurements, limit 1).',
    );
  });

  it('is undefined when the rollout was not aborted by analysis', () => {
    expect(describeAnalysisAbort(canaryDetail)).toBeUndefined();
  });
});
