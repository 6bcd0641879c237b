import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isRolloutsAvailable } from '../../filters';
import {
  rolloutKey,
  useEntityInfo,
  useEntityRollouts,
  useRefreshTrigger,
} from '../../hooks';
import { ClusterErrors, strategyLabel } from '../overview';
import { PhaseBadge, StepIndicator, UpdatedAgo, WeightText } from '../status';

const useStyles = makeStyles(theme => ({
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
  },
}));

function CardBody() {
  const classes = useStyles();
  const { entityRef } = useEntityInfo();
  const live = useRefreshTrigger(entityRef);
  const { value, error, loading, updatedAt } = useEntityRollouts(live.trigger);
  if (loading) {
    return <Progress />;
  }
  if (!value) {
    return <ResponseErrorPanel error={error ?? new Error('No data')} />;
  }
  return (
    <>
      <ClusterErrors clusters={value.clusters} />
      {value.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No rollouts found for this entity.
        </Typography>
      ) : (
        <List dense disablePadding aria-label="Rollouts summary">
          {value.items.map(item => (
            <ListItem
              key={rolloutKey(item)}
              disableGutters
              data-testid={`rollouts-card-${item.name}`}
            >
              <ListItemText
                primary={
                  <span className={classes.line}>
                    <strong>{item.name}</strong>
                    <PhaseBadge phase={item.phase} aborted={item.aborted} />
                    <StepIndicator step={item.step} />
                    <WeightText
                      setWeight={item.setWeight}
                      actualWeight={item.actualWeight}
                    />
                  </span>
                }
                secondary={`${strategyLabel(item.strategy)} · ${
                  item.clusterTitle ?? item.cluster
                } / ${item.namespace}${
                  item.message ? ` · ${item.message}` : ''
                }`}
              />
            </ListItem>
          ))}
        </List>
      )}
      <UpdatedAgo updatedAt={updatedAt} live={live.live} />
    </>
  );
}

/**
 * Summary card for the entity overview: each rollout's phase, step and weight.
 *
 * @public
 */
export function RolloutsCard() {
  const { entity } = useEntity();
  return (
    <InfoCard
      title="Rollouts"
      deepLink={{ title: 'Open the Rollouts tab', link: 'rollouts' }}
    >
      {isRolloutsAvailable(entity) ? (
        <CardBody />
      ) : (
        <Typography variant="body2" color="textSecondary">
          Add the backstage.io/kubernetes-id annotation to see rollouts.
        </Typography>
      )}
    </InfoCard>
  );
}
