import Typography from '@material-ui/core/Typography';
import { useNow } from '../../hooks';
import { formatAgo } from './formatTime';

/** "Updated 5s ago · live" (or "· refreshes every 10s" without signals). */
export function UpdatedAgo(props: { updatedAt?: Date; live: boolean }) {
  const { updatedAt, live } = props;
  const now = useNow();
  if (!updatedAt) {
    return null;
  }
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid="rollouts-updated"
      aria-live="off"
    >
      Updated {formatAgo(updatedAt.getTime(), now)} ·{' '}
      {live ? 'live updates' : 'refreshes every 10s'}
    </Typography>
  );
}
