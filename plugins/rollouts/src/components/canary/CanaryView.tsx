import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { RolloutDetail } from '@gradual/plugin-rollouts-common';
import { CanaryStepTimeline } from './CanaryStepTimeline';
import { TrafficBar } from './TrafficBar';

/** Canary progress: traffic split and the step timeline. */
export function CanaryView(props: { detail: RolloutDetail }) {
  const { detail } = props;
  const setWeight = detail.setWeight ?? 0;
  const actualWeight =
    detail.actualWeight ?? detail.canaryTraffic?.canaryWeight ?? setWeight;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Typography variant="subtitle2" gutterBottom>
          Traffic
        </Typography>
        <TrafficBar
          setWeight={setWeight}
          actualWeight={actualWeight}
          trafficRouting={detail.canaryTraffic?.trafficRouting}
        />
      </Grid>
      <Grid item xs={12}>
        <Typography variant="subtitle2">Steps</Typography>
        {detail.steps.length > 0 ? (
          <CanaryStepTimeline
            steps={detail.steps}
            pauseConditions={detail.pauseConditions}
            networking={detail.networking}
          />
        ) : (
          <Box mt={1}>
            <Typography variant="body2" color="textSecondary">
              This canary has no steps: a new version goes to 100% at once.
            </Typography>
          </Box>
        )}
      </Grid>
    </Grid>
  );
}
