import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useState } from 'react';
import { useEntityInfo, useRefreshTrigger } from '../../hooks';
import { DeliveryMetricsView } from './DeliveryMetricsView';
import { useDeliveryMetrics } from './useDeliveryMetrics';

export const METRIC_PERIODS = [7, 30, 90];

export function PeriodSelect(props: {
  days: number;
  onChange: (days: number) => void;
}) {
  return (
    <Select
      value={props.days}
      onChange={e => props.onChange(Number(e.target.value))}
      inputProps={{ 'aria-label': 'Period' }}
    >
      {METRIC_PERIODS.map(d => (
        <MenuItem key={d} value={d}>
          last {d} days
        </MenuItem>
      ))}
    </Select>
  );
}

/** Delivery metrics of the current entity, for its Overview page. */
export function EntityDeliveryMetricsCard() {
  const { entityRef } = useEntityInfo();
  const [days, setDays] = useState(30);
  const live = useRefreshTrigger(entityRef);
  const { value, error, loading } = useDeliveryMetrics(
    { entityRef, days },
    live.trigger,
  );
  return (
    <InfoCard
      title="Delivery metrics"
      action={<PeriodSelect days={days} onChange={setDays} />}
    >
      {loading && <Progress />}
      {!loading && !value && (
        <ResponseErrorPanel error={error ?? new Error('No data')} />
      )}
      {value && <DeliveryMetricsView metrics={value.metrics} days={days} />}
    </InfoCard>
  );
}
