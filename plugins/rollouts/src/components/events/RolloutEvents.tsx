import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { EventInfo } from '@gradual/plugin-rollouts-common';
import { formatTimestamp } from '../status';

/** Kubernetes events of the rollout and its ReplicaSets, newest first. */
export function RolloutEvents(props: { events: EventInfo[] }) {
  const { events } = props;
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No events (Kubernetes keeps them for an hour by default).
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Events" data-testid="rollout-events">
      <TableHead>
        <TableRow>
          <TableCell>Last seen</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Object</TableCell>
          <TableCell>Message</TableCell>
          <TableCell align="right">Count</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {events.map((e, i) => (
          <TableRow key={i} data-testid="rollout-event" data-type={e.type}>
            <TableCell>{formatTimestamp(e.lastTimestamp)}</TableCell>
            <TableCell>
              <Typography
                variant="body2"
                color={e.type === 'Warning' ? 'error' : 'textPrimary'}
              >
                {e.type}
              </Typography>
            </TableCell>
            <TableCell>{e.reason}</TableCell>
            <TableCell>
              {e.object ? `${e.object.kind} ${e.object.name}` : ''}
            </TableCell>
            <TableCell>{e.message}</TableCell>
            <TableCell align="right">{e.count}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
