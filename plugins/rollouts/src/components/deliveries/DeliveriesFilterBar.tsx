import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import {
  DELIVERY_STATUSES,
  DeliveriesQuery,
  DeliveriesResponse,
} from '@gradual/plugin-rollouts-common';
import { strategyLabel } from '../overview';
import { FacetSelect } from './FacetSelect';
import { STATUS_LABELS, shortRef } from './deliveryLabels';

const useStyles = makeStyles(theme => ({
  counts: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
  filters: {
    display: 'flex',
    gap: theme.spacing(2),
    flexWrap: 'wrap',
    alignItems: 'center',
    margin: theme.spacing(2, 0),
  },
}));

const one = (v?: string[]) => v?.[0] ?? '';
const many = (v: string) => (v ? [v] : undefined);

/**
 * The status counts (each a filter chip) and the filters of the deliveries
 * list: needs attention, one value per facet, and the search text.
 */
export function DeliveriesFilterBar(props: {
  value: DeliveriesResponse;
  query: DeliveriesQuery;
  /** Changes the query and goes back to the first page. */
  update: (patch: Partial<DeliveriesQuery>) => void;
  text: string;
  setText: (text: string) => void;
}) {
  const classes = useStyles();
  const { value, query, update, text, setText } = props;
  return (
    <>
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
    </>
  );
}
