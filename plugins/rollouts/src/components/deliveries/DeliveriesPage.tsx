import { useState } from 'react';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRefreshTrigger } from '../../hooks';
import { ClusterErrors } from '../overview';
import { UpdatedAgo } from '../status';
import { DeliveriesFilterBar } from './DeliveriesFilterBar';
import { DeliveriesTable } from './DeliveriesTable';
import { DeliveryMetricsView } from './DeliveryMetricsView';
import { PeriodSelect } from './EntityDeliveryMetricsCard';
import { PagingActions } from './PagingActions';
import { lastPageOffset, useDeliveriesList } from './useDeliveriesList';
import { useDeliveryMetrics } from './useDeliveryMetrics';

/** Signal channel the backend publishes on when any delivery changes. */
export const DELIVERIES_LIVE_KEY = 'deliveries';
const PAGE_SIZES = [25, 50, 100];

/**
 * The platform view: every delivery the user may see across clusters,
 * with the status counts, filters, sorting, server-side paging (offset and
 * total; a page of at most 100 rows is rendered, whatever the fleet size)
 * and live updates (a signal reloads the current page), and the fleet's
 * delivery metrics.
 */
export function DeliveriesPage() {
  const live = useRefreshTrigger(DELIVERIES_LIVE_KEY);
  const { query, update, goToPage, text, setText, list, value } =
    useDeliveriesList(live.trigger);
  const [days, setDays] = useState(30);
  const metrics = useDeliveryMetrics({ days }, live.trigger);

  return (
    <Page themeId="tool">
      <Header
        title="Deliveries"
        subtitle="Every rollout in flight across clusters"
      />
      <Content>
        {list.loading && <Progress />}
        {!list.loading && !value && (
          <ResponseErrorPanel error={list.error ?? new Error('No data')} />
        )}
        {value && (
          <>
            <ClusterErrors clusters={value.clusters} />
            <DeliveriesFilterBar
              value={value}
              query={query}
              update={update}
              text={text}
              setText={setText}
            />
            {list.error && (
              <ResponseErrorPanel error={list.error} title="Refresh failed" />
            )}
            {value.total === 0 ? (
              <Typography color="textSecondary" data-testid="deliveries-empty">
                No deliveries match.
              </Typography>
            ) : (
              <DeliveriesTable
                value={value}
                query={query}
                onSort={key =>
                  update({
                    sort: key,
                    order:
                      (query.sort ?? 'status') === key &&
                      (query.order ?? 'asc') === 'asc'
                        ? 'desc'
                        : 'asc',
                  })
                }
              />
            )}
            <TablePagination
              component="div"
              count={value.total}
              page={Math.floor(
                Math.min(
                  value.offset,
                  lastPageOffset(value.total, value.limit),
                ) / value.limit,
              )}
              rowsPerPage={value.limit}
              rowsPerPageOptions={PAGE_SIZES}
              ActionsComponent={PagingActions}
              onPageChange={(_e, page) => goToPage(page)}
              onRowsPerPageChange={e =>
                update({ limit: Number(e.target.value) })
              }
            />
            <UpdatedAgo updatedAt={list.updatedAt} live={live.live} />
          </>
        )}
        <InfoCard
          title="Delivery metrics"
          action={<PeriodSelect days={days} onChange={setDays} />}
        >
          {metrics.loading && <Progress />}
          {metrics.value && (
            <DeliveryMetricsView metrics={metrics.value.metrics} days={days} />
          )}
          {!metrics.loading && !metrics.value && (
            <ResponseErrorPanel error={metrics.error ?? new Error('No data')} />
          )}
        </InfoCard>
      </Content>
    </Page>
  );
}
