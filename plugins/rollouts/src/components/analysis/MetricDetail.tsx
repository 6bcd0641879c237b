import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { MetricInfo } from '@gradual/plugin-rollouts-common';
import { AnalysisPhaseStatus, formatTimestamp } from '../status';
import { MetricChart } from './MetricChart';
import { parseThreshold } from './thresholds';

const useStyles = makeStyles(theme => ({
  query: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: theme.spacing(0.5, 0, 1),
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

function LimitsTable(props: { metric: MetricInfo }) {
  const { metric } = props;
  const rows = [
    {
      label: 'Failed',
      count: metric.counts.failed,
      limit: metric.failureLimit,
    },
    {
      label: 'Inconclusive',
      count: metric.counts.inconclusive,
      limit: metric.inconclusiveLimit,
    },
    {
      label: 'Consecutive errors',
      count: metric.counts.consecutiveError,
      limit: metric.consecutiveErrorLimit,
    },
  ];
  return (
    <Table size="small" aria-label={`Pass requirements of ${metric.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Requirement</TableCell>
          <TableCell align="right">Count</TableCell>
          <TableCell align="right">Limit</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.label}>
            <TableCell>{row.label}</TableCell>
            <TableCell align="right">{row.count}</TableCell>
            <TableCell align="right">
              {row.limit}
              {row.count > row.limit ? ' (exceeded)' : ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function MeasurementsTable(props: { metric: MetricInfo }) {
  const { metric } = props;
  return (
    <Table size="small" aria-label={`Measurements of ${metric.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Finished</TableCell>
          <TableCell>Value</TableCell>
          <TableCell>Result</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {metric.measurements.map((m, i) => (
          <TableRow key={i}>
            <TableCell>
              {formatTimestamp(m.finishedAt ?? m.startedAt)}
            </TableCell>
            <TableCell>{m.value ?? m.message ?? ''}</TableCell>
            <TableCell>
              <AnalysisPhaseStatus phase={m.phase} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One metric: chart against thresholds, pass requirements, query, measurements. */
export function MetricDetail(props: { metric: MetricInfo }) {
  const classes = useStyles();
  const { metric } = props;
  const query = metric.provider.query ?? metric.provider.url;
  return (
    <Box mb={2} data-testid={`metric-${metric.name}`}>
      <Typography variant="subtitle2" component="div">
        {metric.name} <AnalysisPhaseStatus phase={metric.phase} />
      </Typography>
      <Typography variant="caption" color="textSecondary" display="block">
        {metric.provider.type}
        {metric.interval ? ` · every ${metric.interval}` : ''}
        {metric.count !== undefined ? ` · ${metric.count} measurements` : ''}
        {metric.successCondition
          ? ` · success: ${metric.successCondition}`
          : ''}
        {metric.failureCondition
          ? ` · failure: ${metric.failureCondition}`
          : ''}
      </Typography>
      {metric.message && (
        <Typography variant="body2">{metric.message}</Typography>
      )}
      <MetricChart
        metricName={metric.name}
        measurements={metric.measurements}
        success={parseThreshold(metric.successCondition)}
        failure={parseThreshold(metric.failureCondition)}
      />
      <LimitsTable metric={metric} />
      {query && (
        <Box mt={1}>
          <Typography variant="caption" id={`query-${metric.name}`}>
            {metric.provider.query ? 'Query' : 'URL'}
          </Typography>
          <pre
            className={classes.query}
            aria-labelledby={`query-${metric.name}`}
          >
            {query}
          </pre>
        </Box>
      )}
      {metric.measurements.length > 0 && <MeasurementsTable metric={metric} />}
    </Box>
  );
}
