import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  bar: {
    position: 'relative',
    display: 'flex',
    height: theme.spacing(3),
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    border: `1px solid ${theme.palette.divider}`,
  },
  stable: {
    backgroundColor: theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
  },
  canary: {
    backgroundColor: theme.palette.secondary.main,
    color: theme.palette.secondary.contrastText,
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontSize: theme.typography.caption.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    transition: 'width 300ms ease',
  },
  marker: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: 2,
    backgroundColor: theme.palette.text.primary,
  },
}));

/**
 * Stable vs canary traffic: the filled split is the weight actually reaching
 * the canary, the marker the weight the current step set.
 */
export function TrafficBar(props: {
  setWeight: number;
  actualWeight: number;
  trafficRouting?: string;
}) {
  const classes = useStyles();
  const { setWeight, actualWeight, trafficRouting } = props;
  const canary = Math.min(100, Math.max(0, actualWeight));
  const stable = 100 - canary;
  const description = `Traffic: ${stable}% stable, ${canary}% canary (step sets ${setWeight}%)`;
  return (
    <Box>
      <div
        className={classes.bar}
        role="img"
        aria-label={description}
        data-testid="traffic-bar"
      >
        {stable > 0 && (
          <div
            className={`${classes.segment} ${classes.stable}`}
            style={{ width: `${stable}%` }}
          >
            {stable >= 10 ? `stable ${stable}%` : ''}
          </div>
        )}
        {canary > 0 && (
          <div
            className={`${classes.segment} ${classes.canary}`}
            style={{ width: `${canary}%` }}
          >
            {canary >= 10 ? `canary ${canary}%` : ''}
          </div>
        )}
        <div
          className={classes.marker}
          style={{ left: `calc(${100 - setWeight}% - 1px)` }}
          aria-hidden
        />
      </div>
      <Typography variant="caption" color="textSecondary">
        {description}
        {trafficRouting
          ? ` · routed by ${trafficRouting}`
          : ' · by replica count'}
      </Typography>
    </Box>
  );
}
