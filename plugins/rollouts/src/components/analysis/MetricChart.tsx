import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MeasurementInfo } from '@gradual/plugin-rollouts-common';
import { Threshold, formatNumber, parseMeasurementValue } from './thresholds';

const WIDTH = 600;
const HEIGHT = 180;

interface Point {
  index: number;
  value: number;
  phase: MeasurementInfo['phase'];
  at?: string;
}

/**
 * The numeric measurements of one metric over time against its success and
 * failure thresholds (a recharts line chart; each point coloured by its
 * measurement phase). The figure's accessible name summarises it.
 */
export function MetricChart(props: {
  metricName: string;
  measurements: MeasurementInfo[];
  success?: Threshold;
  failure?: Threshold;
}) {
  const theme = useTheme();
  const { metricName, measurements, success, failure } = props;
  const points: Point[] = [];
  for (const m of measurements) {
    const value = parseMeasurementValue(m.value);
    if (value !== undefined) {
      points.push({
        index: points.length + 1,
        value,
        phase: m.phase,
        at: m.finishedAt ?? m.startedAt,
      });
    }
  }
  if (points.length === 0) {
    return null;
  }

  const phaseColor = (phase: MeasurementInfo['phase']) => {
    switch (phase) {
      case 'Successful':
        return theme.palette.success.main;
      case 'Failed':
        return theme.palette.error.main;
      case 'Inconclusive':
        return theme.palette.warning.main;
      default:
        return theme.palette.text.secondary;
    }
  };

  const summaryParts = [
    `${metricName}: ${points.length} measurements`,
    `latest ${formatNumber(points[points.length - 1].value)}`,
  ];
  if (success) {
    summaryParts.push(
      `success when ${success.operator} ${formatNumber(success.value)}`,
    );
  }
  if (failure) {
    summaryParts.push(
      `failure when ${failure.operator} ${formatNumber(failure.value)}`,
    );
  }
  const summary = summaryParts.join(', ');

  // Keep the thresholds in view even when every measurement is far from them.
  const domainValues = [
    ...points.map(p => p.value),
    ...(success ? [success.value] : []),
    ...(failure ? [failure.value] : []),
  ];
  const lo = Math.min(...domainValues);
  const hi = Math.max(...domainValues);
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1;

  const threshold = (t: Threshold, color: string, label: string) => (
    <ReferenceLine
      key={label}
      y={t.value}
      stroke={color}
      strokeDasharray="6 4"
      ifOverflow="extendDomain"
      label={{
        value: `${label} ${t.operator} ${formatNumber(t.value)}`,
        position: 'insideTopRight',
        fill: color,
        fontSize: 11,
      }}
    />
  );

  return (
    <div
      role="img"
      aria-label={summary}
      title={summary}
      data-testid={`metric-chart-${metricName}`}
      style={{ maxWidth: '100%', overflowX: 'auto' }}
    >
      <LineChart
        width={WIDTH}
        height={HEIGHT}
        data={points}
        margin={{ top: 12, right: 16, bottom: 4, left: 8 }}
      >
        <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
        <XAxis
          dataKey="index"
          tick={{ fill: theme.palette.text.secondary, fontSize: 10 }}
          label={{
            value: 'measurement',
            position: 'insideBottomRight',
            offset: -2,
            fontSize: 10,
            fill: theme.palette.text.secondary,
          }}
        />
        <YAxis
          domain={[lo - pad, hi + pad]}
          tickFormatter={(v: number) => formatNumber(v)}
          tick={{ fill: theme.palette.text.secondary, fontSize: 10 }}
          width={56}
        />
        <Tooltip
          formatter={(v: number, _name: string, item: { payload?: Point }) => [
            `${formatNumber(v)} (${item.payload?.phase ?? ''})`,
            metricName,
          ]}
          labelFormatter={(index: number) => {
            const at = points[index - 1]?.at;
            return at ? `#${index} at ${at}` : `#${index}`;
          }}
        />
        {success && threshold(success, theme.palette.success.main, 'success')}
        {failure && threshold(failure, theme.palette.error.main, 'failure')}
        <Line
          type="linear"
          dataKey="value"
          stroke={theme.palette.text.secondary}
          strokeWidth={1.5}
          isAnimationActive={false}
          dot={(dot: {
            cx?: number;
            cy?: number;
            payload: Point;
            index: number;
          }) => (
            <circle
              key={dot.index}
              cx={dot.cx}
              cy={dot.cy}
              r={4}
              fill={phaseColor(dot.payload.phase)}
              data-phase={dot.payload.phase}
            />
          )}
        />
      </LineChart>
    </div>
  );
}
