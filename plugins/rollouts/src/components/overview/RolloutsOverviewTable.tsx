import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { RolloutSummary } from '@gradual/plugin-rollouts-common';
import { rolloutKey } from '../../hooks';
import { ImageList, PhaseBadge, StepIndicator, WeightText } from '../status';

const STRATEGY_LABELS: Record<RolloutSummary['strategy'], string> = {
  canary: 'Canary',
  blueGreen: 'Blue-green',
};

export function strategyLabel(strategy: RolloutSummary['strategy']): string {
  return STRATEGY_LABELS[strategy] ?? strategy;
}

/**
 * The entity's rollouts across clusters. Selecting a row's name shows that
 * rollout's detail below.
 */
export function RolloutsOverviewTable(props: {
  items: RolloutSummary[];
  selectedKey?: string;
  onSelect?: (rollout: RolloutSummary) => void;
}) {
  const { items, selectedKey, onSelect } = props;
  return (
    <Table size="small" aria-label="Rollouts of this entity">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Cluster / namespace</TableCell>
          <TableCell>Strategy</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Step</TableCell>
          <TableCell>Weight</TableCell>
          <TableCell>Images</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(item => {
          const key = rolloutKey(item);
          const selected = key === selectedKey;
          return (
            <TableRow
              key={key}
              selected={selected}
              data-testid={`rollout-row-${item.name}`}
            >
              <TableCell>
                {onSelect ? (
                  <Link
                    component="button"
                    variant="body2"
                    onClick={() => onSelect(item)}
                    aria-current={selected ? 'true' : undefined}
                    aria-label={`Show rollout ${item.name} in ${
                      item.clusterTitle ?? item.cluster
                    }`}
                  >
                    {item.name}
                  </Link>
                ) : (
                  item.name
                )}
              </TableCell>
              <TableCell>
                {item.clusterTitle ?? item.cluster} / {item.namespace}
              </TableCell>
              <TableCell>{strategyLabel(item.strategy)}</TableCell>
              <TableCell>
                <PhaseBadge phase={item.phase} aborted={item.aborted} />
                {item.message && (
                  <Typography
                    variant="caption"
                    display="block"
                    color="textSecondary"
                  >
                    {item.message}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <StepIndicator step={item.step} />
              </TableCell>
              <TableCell>
                <WeightText
                  setWeight={item.setWeight}
                  actualWeight={item.actualWeight}
                />
              </TableCell>
              <TableCell>
                <ImageList images={item.images} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
