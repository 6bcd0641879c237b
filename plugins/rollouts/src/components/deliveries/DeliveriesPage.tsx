import { useEffect, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DELIVERY_STATUSES,
  DeliveriesQuery,
  DeliveriesResponse,
  DeliveryItem,
  DeliverySortKey,
  DeliveryStatus,
  rolloutsTabLink,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { useLiveResource, useRefreshTrigger } from '../../hooks';
import { ClusterErrors, strategyLabel } from '../overview';
import { PhaseBadge, StepIndicator, UpdatedAgo } from '../status';
import { DeliveryMetricsView } from './DeliveryMetricsView';
import { PeriodSelect } from './EntityDeliveryMetricsCard';
import { PagingActions } from './PagingActions';
import { useDeliveryMetrics } from './useDeliveryMetrics';

/** Signal channel the backend publishes on when any delivery changes. */
export const DELIVERIES_LIVE_KEY = 'deliveries';
const PAGE_SIZES = [25, 50, 100];
const DEFAULT_PAGE_SIZE = 50;

/** The offset of the last page, for a list of `total` rows. */
const lastPageOffset = (total: number, limit: number) =>
  Math.max(0, Math.floor((total - 1) / limit) * limit);

const useStyles = makeStyles(theme => ({
  counts: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
  filters: {
    display: 'flex',
    gap: theme.spacing(2),
    flexWrap: 'wrap',
    alignItems: 'center',
    margin: theme.spacing(2, 0),
  },
  select: { minWidth: 160 },
}));

const STATUS_LABELS: Record<DeliveryStatus, string> = {
  progressing: 'Progressing',
  paused: 'Paused',
  degraded: 'Degraded',
  healthy: 'Healthy',
};
const ATTENTION_LABELS: Record<string, string> = {
  degraded: 'degraded',
  aborted: 'aborted',
  'waiting-for-promotion': 'waiting for promotion',
};

const shortRef = (ref?: string) => {
  if (!ref) return '';
  const e = parseEntityRef(ref);
  return e.namespace === 'default' ? e.name : `${e.namespace}/${e.name}`;
};

function FacetSelect(props: {
  label: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
  format?: (v: string) => string;
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      className={classes.select}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ inputProps: { 'aria-label': props.label } }}
    >
      <MenuItem value="">All</MenuItem>
      {props.options.map(o => (
        <MenuItem key={o} value={o}>
          {props.format ? props.format(o) : o}
        </MenuItem>
      ))}
    </TextField>
  );
}

function EntityLinks(props: { item: DeliveryItem }) {
  const { item } = props;
  if (!item.entities.length)
    return (
      <Typography variant="body2" color="textSecondary">
        no entity
      </Typography>
    );
  return (
    <>
      {item.entities.map(e => (
        <div key={e.entityRef}>
          <Link
            to={rolloutsTabLink(parseEntityRef(e.entityRef), item)}
            data-testid={`delivery-link-${item.cluster}-${item.namespace}-${item.name}`}
          >
            {e.title ?? shortRef(e.entityRef)}
          </Link>
        </div>
      ))}
    </>
  );
}

const COLUMNS: Array<{ key: DeliverySortKey; label: string }> = [
  { key: 'name', label: 'Rollout' },
  { key: 'status', label: 'Status' },
  { key: 'cluster', label: 'Cluster' },
  { key: 'namespace', label: 'Namespace' },
  { key: 'owner', label: 'Owner' },
  { key: 'system', label: 'System' },
  { key: 'strategy', label: 'Strategy' },
  { key: 'updated', label: 'Updated' },
];

function DeliveriesTable(props: {
  value: DeliveriesResponse;
  query: DeliveriesQuery;
  onSort: (key: DeliverySortKey) => void;
}) {
  const { value, query } = props;
  return (
    <Table size="small" aria-label="Deliveries">
      <TableHead>
        <TableRow>
          {COLUMNS.map(c => (
            <TableCell key={c.key}>
              <TableSortLabel
                active={(query.sort ?? 'status') === c.key}
                direction={query.order ?? 'asc'}
                onClick={() => props.onSort(c.key)}
              >
                {c.label}
              </TableSortLabel>
            </TableCell>
          ))}
          <TableCell>Entity</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {value.items.map(item => (
          <TableRow
            key={`${item.cluster}/${item.namespace}/${item.name}`}
            data-testid={`delivery-${item.cluster}-${item.namespace}-${item.name}`}
          >
            <TableCell>
              <strong>{item.name}</strong>
              <Typography variant="caption" display="block">
                {item.message}
              </Typography>
            </TableCell>
            <TableCell>
              <PhaseBadge phase={item.phase} aborted={item.aborted} />{' '}
              <StepIndicator step={item.step} />
              {item.attention && (
                <Typography variant="caption" color="error" display="block">
                  needs attention: {ATTENTION_LABELS[item.attention]}
                </Typography>
              )}
            </TableCell>
            <TableCell>{item.clusterTitle ?? item.cluster}</TableCell>
            <TableCell>{item.namespace}</TableCell>
            <TableCell>
              {[...new Set(item.entities.map(e => shortRef(e.owner)))].join(
                ', ',
              )}
            </TableCell>
            <TableCell>
              {[...new Set(item.entities.map(e => shortRef(e.system)))].join(
                ', ',
              )}
            </TableCell>
            <TableCell>{strategyLabel(item.strategy)}</TableCell>
            <TableCell>
              {item.updatedAt ? new Date(item.updatedAt).toLocaleString() : ''}
            </TableCell>
            <TableCell>
              <EntityLinks item={item} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The platform view: every delivery the user may see across clusters,
 * with the status counts, filters, sorting, server-side paging (offset and
 * total; a page of at most 100 rows is rendered, whatever the fleet size)
 * and live updates (a signal reloads the current page), and the fleet's
 * delivery metrics.
 */
export function DeliveriesPage() {
  const classes = useStyles();
  const api = useApi(rolloutsApiRef);
  const live = useRefreshTrigger(DELIVERIES_LIVE_KEY);
  const [query, setQuery] = useState<DeliveriesQuery>({
    limit: DEFAULT_PAGE_SIZE,
  });
  const [text, setText] = useState('');
  const [days, setDays] = useState(30);
  useDebounce(
    () =>
      setQuery(q =>
        (q.q ?? '') === text.trim()
          ? q
          : { ...q, q: text.trim() || undefined, offset: 0 },
      ),
    300,
    [text],
  );
  const update = (patch: Partial<DeliveriesQuery>) =>
    setQuery(q => ({ ...q, offset: 0, ...patch }));
  const list = useLiveResource(
    `deliveries:${JSON.stringify(query)}`,
    () => api.getDeliveries(query),
    live.trigger,
  );
  const metrics = useDeliveryMetrics({ days }, live.trigger);
  // The previous page stays on screen (filters keep their focus) while the
  // next page, filter or sort loads.
  const shown = useRef<DeliveriesResponse>();
  if (list.value) shown.current = list.value;
  const value = list.value ?? shown.current;
  // Live updates can shrink the list under the current page: go to its last page.
  useEffect(() => {
    const v = list.value;
    if (v && v.total > 0 && v.offset >= v.total)
      setQuery(q => ({ ...q, offset: lastPageOffset(v.total, v.limit) }));
  }, [list.value]);
  const one = (v?: string[]) => v?.[0] ?? '';
  const many = (v: string) => (v ? [v] : undefined);

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
            <div className={classes.counts} aria-label="Status counts">
              {DELIVERY_STATUSES.map(s => (
                <Chip
                  key={s}
                  data-testid={`count-${s}`}
                  label={`${STATUS_LABELS[s]}: ${value.counts[s]}`}
                  color={query.status?.[0] === s ? 'primary' : 'default'}
                  onClick={() =>
                    update({
                      status: query.status?.[0] === s ? undefined : [s],
                    })
                  }
                />
              ))}
              <Chip
                data-testid="count-attention"
                label={`Needs attention: ${value.counts.attention}`}
                color={query.attention ? 'secondary' : 'default'}
                onClick={() =>
                  update({ attention: query.attention ? undefined : true })
                }
              />
            </div>
            <div className={classes.filters}>
              <FormControlLabel
                control={
                  <Switch
                    checked={Boolean(query.attention)}
                    onChange={e =>
                      update({
                        attention: e.target.checked ? true : undefined,
                      })
                    }
                  />
                }
                label="Needs attention"
              />
              <FacetSelect
                label="Cluster"
                value={one(query.cluster)}
                options={value.facets.clusters}
                onChange={v => update({ cluster: many(v) })}
              />
              <FacetSelect
                label="Namespace"
                value={one(query.namespace)}
                options={value.facets.namespaces}
                onChange={v => update({ namespace: many(v) })}
              />
              <FacetSelect
                label="Owner"
                value={one(query.owner)}
                options={value.facets.owners}
                format={shortRef}
                onChange={v => update({ owner: many(v) })}
              />
              <FacetSelect
                label="System"
                value={one(query.system)}
                options={value.facets.systems}
                format={shortRef}
                onChange={v => update({ system: many(v) })}
              />
              <FacetSelect
                label="Strategy"
                value={one(query.strategy)}
                options={['canary', 'blueGreen']}
                format={v => strategyLabel(v as any)}
                onChange={v => update({ strategy: many(v) as any })}
              />
              <TextField
                label="Search"
                value={text}
                onChange={e => setText(e.target.value)}
                inputProps={{
                  'aria-label': 'Search deliveries',
                  maxLength: 100,
                }}
              />
            </div>
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
              onPageChange={(_e, page) =>
                setQuery(q => ({
                  ...q,
                  offset: page * (q.limit ?? DEFAULT_PAGE_SIZE),
                }))
              }
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
