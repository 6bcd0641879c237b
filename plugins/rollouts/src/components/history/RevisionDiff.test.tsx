import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RevisionInfo } from '@gradual/plugin-rollouts-common';
import { RevisionDiff } from './RevisionDiff';

const revision = (
  n: number,
  image: string,
  env: Record<string, string>,
  extra: Partial<RevisionInfo> = {},
): RevisionInfo => ({
  revision: n,
  podTemplateHash: `h${n}`,
  images: [image],
  tags: [],
  current: false,
  replicaSets: [],
  analysisRuns: [],
  experiments: [],
  podTemplate: {
    containers: [
      {
        name: 'web',
        image,
        args: ['--port', '8080'],
        env: Object.entries(env).map(([name, value]) => ({ name, value })),
        resources: { requests: { cpu: '50m' } },
      },
    ],
  },
  ...extra,
});

const revisions = [
  revision(1, 'web:1', { MODE: 'slow' }),
  revision(
    3,
    'web:3',
    { MODE: 'fast', NEW: 'yes' },
    { current: true, tags: ['stable'] },
  ),
  revision(2, 'web:2', { MODE: 'slow' }),
];

describe('RevisionDiff', () => {
  it('compares the newest two revisions first, then any two picked', async () => {
    render(<RevisionDiff revisions={revisions} />);
    expect(screen.getByTestId('revision-diff-to')).toHaveValue('3');
    expect(screen.getByTestId('revision-diff-from')).toHaveValue('2');
    const rows = () =>
      screen.getAllByTestId('revision-diff-change').map(r => r.textContent);
    expect(rows()).toEqual([
      'webimageweb:2web:3',
      'webenv MODEslowfast',
      'webenv NEW—yes',
    ]);
    await userEvent.selectOptions(
      screen.getByTestId('revision-diff-from'),
      '1',
    );
    await userEvent.selectOptions(screen.getByTestId('revision-diff-to'), '2');
    expect(rows()).toEqual(['webimageweb:1web:2']);
    await userEvent.selectOptions(screen.getByTestId('revision-diff-to'), '1');
    expect(screen.getByText(/do not differ/)).toBeInTheDocument();
  });

  it('follows the newest revision when a new one arrives', () => {
    const { rerender } = render(<RevisionDiff revisions={[revisions[0]]} />);
    expect(
      screen.getByText(/needs two retained revisions/),
    ).toBeInTheDocument();
    rerender(<RevisionDiff revisions={[revisions[0], revisions[2]]} />);
    expect(screen.getByTestId('revision-diff-to')).toHaveValue('2');
    expect(screen.getByTestId('revision-diff-from')).toHaveValue('1');
    rerender(<RevisionDiff revisions={revisions} />);
    expect(screen.getByTestId('revision-diff-to')).toHaveValue('3');
    expect(screen.getByTestId('revision-diff-from')).toHaveValue('2');
  });

  it('needs two revisions with pod templates', () => {
    render(<RevisionDiff revisions={[revisions[0]]} />);
    expect(
      screen.getByText(/needs two retained revisions/),
    ).toBeInTheDocument();
  });
});
