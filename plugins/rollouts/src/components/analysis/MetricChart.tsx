import { useTheme } from '@material-ui/core/styles';
import type { MeasurementInfo } from '@gradual/plugin-rollouts-common';
import {
  Threshold,
  formatNumber,
  parseMeasurementValue,
} from './thresholds';

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { left: 48, right: 16, top: 12, bottom: 24 };

interface Point {
  x: number;
  y: number;
  value: number;
  phase: MeasurementInfo['phase'];
}

/**
 * The numeric measurements of one metric over time against its success and
 * failure thresholds, as a small SVG line chart.
 */
export function MetricChart(props: {
  metricName: string;
  measurements: MeasurementInfo[];
  success?: Threshold;
  failure?: Threshold;
}) {
  const theme = useTheme();
  const { metricName, measurements, success, failure } = props;
  const values = measurements
    .map(m => ({ value: parseMeasurementValue(m.value), phase: m.phase }))
    .filter((v): v is { value: number; phase: MeasurementInfo['phase'] } =>
      v.value !== undefined,
    );
  if (values.length === 0) {
    return null;
  }

  const domain = [
    ...values.map(v => v.value),
    ...(success ? [success.value] : []),
    ...(failure ? [failure.value] : []),
  ];
  let min = Math.min(...domain);
  let max = Math.max(...domain);
  if (min === max) {
    min -= Math.abs(min) * 0.1 || 1;
    max += Math.abs(max) * 0.1 || 1;
  }
  const span = max - min;
  min -= span * 0.1;
  max += span * 0.1;

  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const yOf = (v: number) => PAD.top + plotH - ((v - min) / (max - min)) * plotH;
  const xOf = (i: number) =>
    PAD.left + (values.length === 1 ? plotW / 2 : (i / (values.length - 1)) * plotW);
  const points: Point[] = values.map((v, i) => ({
    x: xOf(i),
    y: yOf(v.value),
    value: v.value,
    phase: v.phase,
  }));

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

  const thresholdLine = (t: Threshold, color: string, label: string) => (
    <g key={label}>
      <line
        x1={PAD.left}
        x2={WIDTH - PAD.right}
        y1={yOf(t.value)}
        y2={yOf(t.value)}
        stroke={color}
        strokeDasharray="6 4"
        strokeWidth={1.5}
      />
      <text
        x={WIDTH - PAD.right}
        y={yOf(t.value) - 4}
        textAnchor="end"
        fontSize={11}
        fill={color}
      >
        {`${label} ${t.operator} ${formatNumber(t.value)}`}
      </text>
    </g>
  );

  const summaryParts = [
    `${metricName}: ${values.length} measurements`,
    `latest ${formatNumber(values[values.length - 1].value)}`,
  ];
  if (success) {
    summaryParts.push(`success when ${success.operator} ${formatNumber(success.value)}`);
  }
  if (failure) {
    summaryParts.push(`failure when ${failure.operator} ${formatNumber(failure.value)}`);
  }
  const summary = summaryParts.join(', ');

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      role="img"
      aria-label={summary}
      data-testid={`metric-chart-${metricName}`}
      style={{ maxWidth: WIDTH }}
    >
      <title>{summary}</title>
      <line
        x1={PAD.left}
        x2={PAD.left}
        y1={PAD.top}
        y2={HEIGHT - PAD.bottom}
        stroke={theme.palette.divider}
      />
      <line
        x1={PAD.left}
        x2={WIDTH - PAD.right}
        y1={HEIGHT - PAD.bottom}
        y2={HEIGHT - PAD.bottom}
        stroke={theme.palette.divider}
      />
      {[max, (max + min) / 2, min].map(v => (
        <text
          key={v}
          x={PAD.left - 4}
          y={yOf(v) + 4}
          textAnchor="end"
          fontSize={10}
          fill={theme.palette.text.secondary}
        >
          {formatNumber(v)}
        </text>
      ))}
      <text
        x={PAD.left}
        y={HEIGHT - 6}
        fontSize={10}
        fill={theme.palette.text.secondary}
      >
        oldest
      </text>
      <text
        x={WIDTH - PAD.right}
        y={HEIGHT - 6}
        textAnchor="end"
        fontSize={10}
        fill={theme.palette.text.secondary}
      >
        latest
      </text>
      {success && thresholdLine(success, theme.palette.success.main, 'success')}
      {failure && thresholdLine(failure, theme.palette.error.main, 'failure')}
      <polyline
        points={points.map(p => `${p.x},${p.y}`).join(' ')}
        fill="none"
        stroke={theme.palette.text.secondary}
        strokeWidth={1.5}
      />
      {points.map((p, i) => (
        <circle
          key={i}
          cx={p.x}
          cy={p.y}
          r={4}
          fill={phaseColor(p.phase)}
          data-phase={p.phase}
        >
          <title>{`${formatNumber(p.value)} (${p.phase})`}</title>
        </circle>
      ))}
    </svg>
  );
}
