import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { ActionHistoryEntry } from '@gradual/plugin-rollouts-common';
import { ActionHistoryTable } from './ActionHistoryTable';

const entry = (over: Partial<ActionHistoryEntry>): ActionHistoryEntry => ({
  id: '1',
  at: '2026-12-02T10:00:00Z',
  actor: 'user:default/alice',
  entityRef: 'component:default/shop',
  cluster: 'local',
  namespace: 'shop',
  name: 'web',
  action: 'promote',
  outcome: 'succeeded',
  ...over,
});

describe('ActionHistoryTable', () => {
  it('names actions with the shared table labels and marks a forced promote', async () => {
    await renderInTestApp(
      <ActionHistoryTable
        items={[
          entry({
            id: 'a',
            params: { force: true, expected: { step: 0 } },
            before: { step: 0, revision: '2' },
            after: { step: 1, revision: '2' },
          }),
          entry({
            id: 'b',
            at: '2026-12-02T09:00:00Z',
            action: 'set-image',
            params: { container: 'app', image: 'shop:2' },
          }),
        ]}
      />,
    );
    const rows = screen.getAllByRole('row');
    expect(within(rows[1]).getByText('Promote')).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('step 0 → 1 (forced past a warning)');
    expect(within(rows[2]).getByText('Deploy new image')).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('app → shop:2');
    expect(rows[2]).not.toHaveTextContent('forced');
  });

  it('says when an action was resolved after its replica stopped, with what the cluster showed', async () => {
    await renderInTestApp(
      <ActionHistoryTable
        items={[
          entry({
            id: 'a',
            outcome: 'landed',
            message: 'it landed: the canary moved past step 1',
          }),
          entry({
            id: 'b',
            at: '2026-12-02T09:00:00Z',
            action: 'pause',
            outcome: 'not-landed',
            message: 'it did not land: the rollout is unchanged',
          }),
          entry({ id: 'c', at: '2026-12-02T08:00:00Z', outcome: 'pending' }),
        ]}
      />,
    );
    const rows = screen.getAllByRole('row');
    expect(rows[1]).toHaveTextContent('landed (replica stopped)');
    expect(rows[1]).toHaveTextContent('the canary moved past step 1');
    expect(rows[2]).toHaveTextContent('did not land (replica stopped)');
    expect(rows[2]).toHaveTextContent('the rollout is unchanged');
    expect(rows[3]).toHaveTextContent('pending');
  });
});
