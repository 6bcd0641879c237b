import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DeliveryMetrics } from '@gradual/plugin-rollouts-common';
import { formatDuration } from '../status';

const WIDTH = 520;
const HEIGHT = 180;

const duration = (ms: number | null) =>
  ms === null ? '—' : formatDuration(ms / 1000);

const ABORT_LABELS: Record<string, string> = {
  analysis: 'analysis metric',
  manual: 'manual',
  'progress-deadline': 'progress deadline',
};

function Figure(props: { label: string; value: string; testId: string }) {
  return (
    <Grid item xs={6} sm={4} md={2}>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h6" data-testid={props.testId}>
        {props.value}
      </Typography>
    </Grid>
  );
}

/**
 * Delivery metrics over a period: the figures (deployments, change-failure
 * rate, lead time, manual wait) and recharts bar charts of the daily counts
 * and of the abort reasons.
 */
export function DeliveryMetricsView(props: {
  metrics: DeliveryMetrics;
  days: number;
}) {
  const theme = useTheme();
  const { metrics: m, days } = props;
  const cfr =
    m.changeFailureRate === null
      ? '—'
      : `${Math.round(m.changeFailureRate * 100)}%`;
  const reasons = Object.entries(m.abortReasons).map(([reason, count]) => ({
    reason: ABORT_LABELS[reason] ?? reason,
    count,
  }));
  return (
    <div data-testid="delivery-metrics">
      <Grid container spacing={2}>
        <Figure
          label={`Deployments (${days} d)`}
          value={String(m.deployments)}
          testId="metric-deployments"
        />
        <Figure
          label="Aborts / rollbacks"
          value={`${m.aborts} / ${m.rollbacks}`}
          testId="metric-failures"
        />
        <Figure label="Change-failure rate" value={cfr} testId="metric-cfr" />
        <Figure
          label="Lead time median / p90"
          value={`${duration(m.leadTimeMs.median)} / ${duration(
            m.leadTimeMs.p90,
          )}`}
          testId="metric-lead-time"
        />
        <Figure
          label={`Waiting for a person (${m.manualWaitMs.pauses} pauses)`}
          value={duration(m.manualWaitMs.total)}
          testId="metric-manual-wait"
        />
      </Grid>
      {m.daily.length > 0 && (
        <figure
          aria-label={`Daily deliveries: ${m.deployments} deployments, ${m.aborts} aborts, ${m.rollbacks} rollbacks`}
          style={{ margin: 0 }}
        >
          <BarChart width={WIDTH} height={HEIGHT} data={m.daily}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="deployments"
              name="deployments"
              fill={theme.palette.primary.main}
              isAnimationActive={false}
            />
            <Bar
              dataKey="aborts"
              name="aborts"
              fill={theme.palette.error.main}
              isAnimationActive={false}
            />
            <Bar
              dataKey="rollbacks"
              name="rollbacks"
              fill={theme.palette.warning.main}
              isAnimationActive={false}
            />
          </BarChart>
        </figure>
      )}
      {m.aborts > 0 && (
        <figure
          aria-label={`Abort reasons: ${reasons
            .map(r => `${r.reason} ${r.count}`)
            .join(', ')}`}
          style={{ margin: 0 }}
        >
          <BarChart width={WIDTH} height={120} data={reasons} layout="vertical">
            <XAxis type="number" allowDecimals={false} fontSize={11} />
            <YAxis type="category" dataKey="reason" width={130} fontSize={11} />
            <Tooltip />
            <Bar
              dataKey="count"
              name="aborts"
              fill={theme.palette.error.main}
              isAnimationActive={false}
            />
          </BarChart>
        </figure>
      )}
    </div>
  );
}
