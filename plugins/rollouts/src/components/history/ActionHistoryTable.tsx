import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  ACTION_RULES,
  type ActionHistoryEntry,
  type ActionOutcome,
} from '@gradual/plugin-rollouts-common';
import { InlineStatus, formatTimestamp } from '../status';

/** The action's label from the shared action table; strategy changes are not actions of it. */
function actionLabel(action: ActionHistoryEntry['action']): string {
  if (action === 'strategy-update') return 'Change strategy';
  return ACTION_RULES[action]?.label ?? action;
}

function OutcomeStatus(props: { outcome: ActionOutcome }) {
  switch (props.outcome) {
    case 'succeeded':
      return <StatusOK>succeeded</StatusOK>;
    case 'conflict':
      return <StatusWarning>conflict</StatusWarning>;
    case 'denied':
      return <StatusError>denied</StatusError>;
    // The replica running the action stopped before recording its outcome:
    // a later read checked the cluster (the message says what it found).
    case 'pending':
      return <StatusPending>pending</StatusPending>;
    case 'landed':
      return <StatusOK>landed (replica stopped)</StatusOK>;
    case 'not-landed':
      return <StatusError>did not land (replica stopped)</StatusError>;
    case 'unknown':
      return <StatusWarning>unknown (replica stopped)</StatusWarning>;
    default:
      return <StatusError>failed</StatusError>;
  }
}

function Outcome(props: { outcome: ActionOutcome }) {
  return (
    <InlineStatus label={`Outcome: ${props.outcome}`}>
      <OutcomeStatus outcome={props.outcome} />
    </InlineStatus>
  );
}

function describeParams(entry: ActionHistoryEntry): string {
  const p = entry.params ?? {};
  const forced = p.force === true ? ' (forced past a warning)' : '';
  return `${describeChange(entry)}${forced}`;
}

function describeChange(entry: ActionHistoryEntry): string {
  const p = entry.params ?? {};
  if (entry.action === 'set-image' && p.image) {
    return `${p.container ? `${String(p.container)} → ` : ''}${String(
      p.image,
    )}`;
  }
  if (entry.action === 'undo' && p.toRevision !== undefined) {
    return `to revision ${String(p.toRevision)}`;
  }
  const step = (s?: number | null) => (s === undefined || s === null ? '–' : s);
  if (entry.before || entry.after) {
    return `step ${step(entry.before?.step)} → ${step(entry.after?.step)}`;
  }
  return '';
}

/** Who did what to the rollout and when, newest first. */
export function ActionHistoryTable(props: { items: ActionHistoryEntry[] }) {
  const items = [...props.items].sort((a, b) => b.at.localeCompare(a.at));
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No actions were taken on this rollout from the portal yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Action history">
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>Who</TableCell>
          <TableCell>Action</TableCell>
          <TableCell>Details</TableCell>
          <TableCell>Outcome</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(entry => (
          <TableRow key={entry.id} data-testid={`action-history-${entry.id}`}>
            <TableCell>{formatTimestamp(entry.at)}</TableCell>
            <TableCell>
              {entry.actor.replace(/^user:(default\/)?/, '')}
            </TableCell>
            <TableCell>{actionLabel(entry.action)}</TableCell>
            <TableCell>{describeParams(entry)}</TableCell>
            <TableCell>
              <Outcome outcome={entry.outcome} />
              {entry.message && (
                <Typography
                  variant="caption"
                  display="block"
                  color="textSecondary"
                >
                  {entry.message}
                </Typography>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
