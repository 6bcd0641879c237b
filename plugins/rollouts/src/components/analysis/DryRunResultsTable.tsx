import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { AnalysisDryRunResponse } from '@gradual/plugin-rollouts-common';
import { AnalysisPhaseStatus } from '../status';

/** Each metric of a dry run: phase, value, message and time. */
export function DryRunResultsTable(props: { result: AnalysisDryRunResponse }) {
  const { result } = props;
  return (
    <Table size="small" aria-label="Dry-run results">
      <TableHead>
        <TableRow>
          <TableCell>Metric</TableCell>
          <TableCell>Phase</TableCell>
          <TableCell>Value</TableCell>
          <TableCell>Message</TableCell>
          <TableCell align="right">Time</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {result.metrics.map(m => (
          <TableRow
            key={m.name}
            data-testid={`test-analysis-metric-${m.name}`}
            data-phase={m.phase}
          >
            <TableCell>
              <Tooltip title={m.query ?? ''}>
                <span>
                  {m.name}{' '}
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="span"
                  >
                    {m.provider}
                  </Typography>
                </span>
              </Tooltip>
            </TableCell>
            <TableCell>
              <AnalysisPhaseStatus phase={m.phase} />
            </TableCell>
            <TableCell>
              <code>{m.value ?? '—'}</code>
            </TableCell>
            <TableCell>{m.message ?? ''}</TableCell>
            <TableCell align="right">{m.durationMs} ms</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
