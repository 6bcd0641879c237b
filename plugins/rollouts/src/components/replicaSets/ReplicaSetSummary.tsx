import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PodInfo, ReplicaSetInfo } from '@gradual/plugin-rollouts-common';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { Countdown } from '../status';

const useStyles = makeStyles(theme => ({
  root: { marginBottom: theme.spacing(1) },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  pods: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  mono: { fontFamily: 'monospace' },
}));

function PodStatus(props: { pod: PodInfo }) {
  const { pod } = props;
  const text = `${pod.name}: ${pod.status}, ${pod.ready} ready, ${pod.restarts} restarts`;
  let icon: JSX.Element;
  if (pod.status === 'Running' && !pod.ready.startsWith('0/')) {
    icon = <StatusOK />;
  } else if (/Error|CrashLoop|Failed|ImagePull/i.test(pod.status)) {
    icon = <StatusError />;
  } else if (pod.status === 'Terminating') {
    icon = <StatusWarning />;
  } else {
    icon = <StatusPending />;
  }
  return (
    <Tooltip title={text}>
      <Chip
        size="small"
        variant="outlined"
        icon={icon}
        label={pod.status}
        aria-label={text}
        tabIndex={0}
      />
    </Tooltip>
  );
}

/** A ReplicaSet: name, status, replica counts, scale-down countdown and pods. */
export function ReplicaSetSummary(props: { replicaSet: ReplicaSetInfo }) {
  const classes = useStyles();
  const rs = props.replicaSet;
  return (
    <div className={classes.root} data-testid={`replicaset-${rs.name}`}>
      <div className={classes.header}>
        <Typography variant="body2" className={classes.mono}>
          {rs.name}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {rs.status} · {rs.available}/{rs.desired} available
        </Typography>
        {rs.tags.map(tag => (
          <Chip key={tag} size="small" label={tag} />
        ))}
        {rs.scaleDownDeadline && (
          <Countdown
            deadline={rs.scaleDownDeadline}
            label="Scales down"
            doneText="Scaling down"
          />
        )}
      </div>
      {rs.pods.length > 0 && (
        <div className={classes.pods} aria-label={`Pods of ${rs.name}`}>
          {rs.pods.map(pod => (
            <PodStatus key={pod.name} pod={pod} />
          ))}
        </div>
      )}
    </div>
  );
}
