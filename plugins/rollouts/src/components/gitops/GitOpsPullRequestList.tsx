import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Link } from '@backstage/core-components';
import type {
  GitOpsPullRequest,
  GitOpsPullRequestsResponse,
} from '@gradual/plugin-rollouts-common';

const STATE_COLOR: Record<
  GitOpsPullRequest['state'],
  'primary' | 'secondary' | 'default'
> = {
  open: 'primary',
  merged: 'secondary',
  closed: 'default',
};

/**
 * The pull requests of an Argo CD-managed rollout's GitOps changes: the open
 * ones first, each with its state and a link; or why changes cannot become
 * pull requests (no repository known).
 */
export function GitOpsPullRequestList(props: {
  value: GitOpsPullRequestsResponse;
}) {
  const { repository, items, message } = props.value;
  if (!repository) {
    return (
      <Alert severity="info" data-testid="gitops-no-repository">
        Argo CD manages this rollout. Changes made here cannot become pull
        requests: {message ?? 'no Git repository is known for the entity.'}
      </Alert>
    );
  }
  const open = items.filter(p => p.state === 'open');
  const ordered = [...open, ...items.filter(p => p.state !== 'open')];
  return (
    <Box data-testid="gitops-pull-requests">
      <Typography variant="body2" color="textSecondary" paragraph>
        Argo CD manages this rollout: strategy and image changes become pull
        requests on <Link to={repository.url}>{repository.url}</Link> (
        {repository.branch}); Argo CD applies them once merged.
      </Typography>
      {ordered.length === 0 ? (
        <Typography variant="body2">No pull requests yet.</Typography>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
          {ordered.map(p => (
            <li key={p.number} style={{ marginBottom: 4 }}>
              <Chip
                size="small"
                label={p.state}
                color={STATE_COLOR[p.state]}
                style={{ marginRight: 8 }}
              />
              <Link to={p.url}>
                #{p.number} {p.title}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}
