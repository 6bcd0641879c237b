import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { GitOpsPullRequest } from '@gradual/plugin-rollouts-common';
import { GitOpsPullRequestList } from './GitOpsPullRequestList';

const REPO = 'http://127.0.0.1:13300/gradual/shop';
const pr = (over: Partial<GitOpsPullRequest>): GitOpsPullRequest => ({
  number: 1,
  url: `${REPO}/pulls/1`,
  title: 'Rollout shop/web: canary strategy',
  state: 'open',
  branch: 'gradual/local/shop/web/strategy-abc',
  baseBranch: 'main',
  ...over,
});

describe('GitOpsPullRequestList', () => {
  it('lists the open pull requests first, each with its state and link', async () => {
    await renderInTestApp(
      <GitOpsPullRequestList
        value={{
          managedByArgoCD: true,
          repository: { url: REPO, branch: 'main' },
          items: [
            pr({ number: 3, state: 'merged', url: `${REPO}/pulls/3` }),
            pr({ number: 2, state: 'open', url: `${REPO}/pulls/2` }),
            pr({ number: 1, state: 'closed' }),
          ],
        }}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'open#2 Rollout shop/web: canary strategy, Opens in a new window',
      'merged#3 Rollout shop/web: canary strategy, Opens in a new window',
      'closed#1 Rollout shop/web: canary strategy, Opens in a new window',
    ]);
    expect(within(items[0]).getByRole('link')).toHaveAttribute(
      'href',
      `${REPO}/pulls/2`,
    );
    expect(
      screen.getByRole('link', { name: new RegExp(`^${REPO}`) }),
    ).toHaveAttribute('href', REPO);
  });

  it('says when there is no pull request yet', async () => {
    await renderInTestApp(
      <GitOpsPullRequestList
        value={{
          managedByArgoCD: true,
          repository: { url: REPO, branch: 'main' },
          items: [],
        }}
      />,
    );
    expect(screen.getByText('No pull requests yet.')).toBeInTheDocument();
  });

  it('explains why changes cannot become pull requests without a repository', async () => {
    await renderInTestApp(
      <GitOpsPullRequestList
        value={{
          managedByArgoCD: true,
          items: [],
          message: 'no integrations.gitea entry for github.com',
        }}
      />,
    );
    expect(screen.getByTestId('gitops-no-repository')).toHaveTextContent(
      'no integrations.gitea entry for github.com',
    );
  });
});
