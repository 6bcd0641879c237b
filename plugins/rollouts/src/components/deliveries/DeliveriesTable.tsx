import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DeliveriesQuery,
  DeliveriesResponse,
  DeliveryItem,
  DeliverySortKey,
  rolloutsTabLink,
} from '@gradual/plugin-rollouts-common';
import { strategyLabel } from '../overview';
import { PhaseBadge, StepIndicator } from '../status';
import { ATTENTION_LABELS, shortRef } from './deliveryLabels';

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

/** The sortable columns, in order; the entity column follows them. */
export const DELIVERY_COLUMNS: Array<{ key: DeliverySortKey; label: string }> =
  [
    { key: 'name', label: 'Rollout' },
    { key: 'status', label: 'Status' },
    { key: 'cluster', label: 'Cluster' },
    { key: 'namespace', label: 'Namespace' },
    { key: 'owner', label: 'Owner' },
    { key: 'system', label: 'System' },
    { key: 'strategy', label: 'Strategy' },
    { key: 'updated', label: 'Updated' },
  ];

/** One page of deliveries, with sortable column headers. */
export function DeliveriesTable(props: {
  value: DeliveriesResponse;
  query: DeliveriesQuery;
  onSort: (key: DeliverySortKey) => void;
}) {
  const { value, query } = props;
  return (
    <Table size="small" aria-label="Deliveries">
      <TableHead>
        <TableRow>
          {DELIVERY_COLUMNS.map(c => (
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
