import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  diffPodTemplates,
  type RevisionInfo,
} from '@gradual/plugin-rollouts-common';

function RevisionSelect(props: {
  label: string;
  testId: string;
  value: number;
  revisions: RevisionInfo[];
  onChange: (revision: number) => void;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(Number(e.target.value))}
      SelectProps={{ native: true }}
      inputProps={{ 'data-testid': props.testId, 'aria-label': props.label }}
    >
      {props.revisions.map(r => (
        <option key={r.revision} value={r.revision}>
          Revision {r.revision}
          {r.current ? ' (current)' : ''}
          {r.tags.length ? ` · ${r.tags.join(', ')}` : ''}
        </option>
      ))}
    </TextField>
  );
}

/**
 * Pick two revisions and see how their pod templates differ: images,
 * command, args, env variables, resources, ports — container by container.
 */
export function RevisionDiff(props: { revisions: RevisionInfo[] }) {
  const revisions = [...props.revisions]
    .filter(r => r.podTemplate)
    .sort((a, b) => b.revision - a.revision);
  // undefined: follow the newest revision (and the one before it) as they change
  const [toPick, setTo] = useState<number>();
  const [fromPick, setFrom] = useState<number>();
  if (revisions.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        A diff needs two retained revisions.
      </Typography>
    );
  }
  const b = revisions.find(r => r.revision === toPick) ?? revisions[0];
  const a =
    revisions.find(r => r.revision === fromPick) ??
    revisions.find(r => r.revision < b.revision) ??
    revisions.find(r => r !== b)!;
  const changes = diffPodTemplates(a.podTemplate!, b.podTemplate!);
  return (
    <div data-testid="revision-diff">
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <RevisionSelect
          label="From"
          testId="revision-diff-from"
          value={a.revision}
          revisions={revisions}
          onChange={setFrom}
        />
        <Typography variant="body2">→</Typography>
        <RevisionSelect
          label="To"
          testId="revision-diff-to"
          value={b.revision}
          revisions={revisions}
          onChange={setTo}
        />
      </Box>
      {changes.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          The pod templates of revisions {a.revision} and {b.revision} do not
          differ in images, command, args, env, resources or ports.
        </Typography>
      ) : (
        <Table
          size="small"
          aria-label={`Changes from revision ${a.revision} to ${b.revision}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Container</TableCell>
              <TableCell>Field</TableCell>
              <TableCell>Revision {a.revision}</TableCell>
              <TableCell>Revision {b.revision}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {changes.map((c, i) => (
              <TableRow
                key={i}
                data-testid="revision-diff-change"
                data-field={c.field}
              >
                <TableCell>
                  {c.container}
                  {c.init ? ' (init)' : ''}
                </TableCell>
                <TableCell>
                  {c.field}
                  {c.key ? ` ${c.key}` : ''}
                </TableCell>
                <TableCell>
                  <code>{c.before ?? '—'}</code>
                </TableCell>
                <TableCell>
                  <code>{c.after ?? '—'}</code>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
