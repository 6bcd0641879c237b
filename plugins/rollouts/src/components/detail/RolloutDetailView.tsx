import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type {
  RolloutDetail,
  RolloutRef,
} from '@gradual/plugin-rollouts-common';
import { useRolloutDetail } from '../../hooks';
import { AbortedByAnalysisBanner, AnalysisPanel } from '../analysis';
import { BlueGreenView } from '../blueGreen';
import { CanaryView } from '../canary';
import { RolloutActionsProvider, RolloutControls } from '../controls';
import { LintFindings } from '../findings';
import { RolloutEvents } from '../events';
import { GitOpsPullRequests } from '../gitops';
import { ActionHistory, RevisionDiff, RevisionHistory } from '../history';
import { NetworkingSummary } from '../networking';
import { strategyLabel } from '../overview';
import { ChangeStrategyButton } from '../strategy';
import {
  ImageList,
  PhaseBadge,
  StepIndicator,
  UpdatedAgo,
  WeightText,
} from '../status';

const useStyles = makeStyles(theme => ({
  summary: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
}));

function DetailHeader(props: {
  detail: RolloutDetail;
  updatedAt?: Date;
  live: boolean;
}) {
  const classes = useStyles();
  const { detail, updatedAt, live } = props;
  return (
    <Box mb={2}>
      <div className={classes.header}>
        <Typography variant="h5" component="h2">
          {detail.name}
        </Typography>
        <PhaseBadge phase={detail.phase} aborted={detail.aborted} />
        <StepIndicator step={detail.step} />
        <WeightText
          setWeight={detail.setWeight}
          actualWeight={detail.actualWeight}
        />
        <UpdatedAgo updatedAt={updatedAt} live={live} />
      </div>
      <Typography variant="body2" color="textSecondary">
        {strategyLabel(detail.strategy)} ·{' '}
        {detail.clusterTitle ?? detail.cluster} / {detail.namespace} · revision{' '}
        {detail.revision}
        {detail.message ? ` · ${detail.message}` : ''}
      </Typography>
    </Box>
  );
}

/**
 * Everything about one rollout: header, controls, progress (canary or
 * blue-green), analysis, revisions and the action history.
 */
export function RolloutDetailView(props: {
  rollout: RolloutRef;
  trigger: number;
  live: boolean;
  onChanged: () => void;
  /** Extra controls for the action bar (change strategy, test analysis). */
  extraControls?: ReactNode;
}) {
  const classes = useStyles();
  const { rollout, trigger, live, onChanged, extraControls } = props;
  const {
    value: detail,
    error,
    loading,
    updatedAt,
  } = useRolloutDetail(rollout, trigger);

  if (loading) {
    return <Progress />;
  }
  if (!detail) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('Rollout not found')}
        title={`Could not load rollout ${rollout.name}`}
      />
    );
  }

  return (
    <RolloutActionsProvider detail={detail} onChanged={onChanged}>
      <section
        data-testid="rollout-detail"
        aria-label={`Rollout ${detail.name}`}
      >
        <Paper className={classes.summary}>
          <DetailHeader detail={detail} updatedAt={updatedAt} live={live} />
          {error && (
            <Alert severity="warning" style={{ marginBottom: 8 }}>
              Showing the last known state: refreshing failed ({error.message}).
            </Alert>
          )}
          <RolloutControls extra={extraControls} />
          {/* configuration, not an operation of the running update: open to readers for a preview */}
          <Box mt={1}>
            <ChangeStrategyButton />
          </Box>
          {detail.findings && detail.findings.length > 0 && (
            <Box mt={2}>
              <LintFindings findings={detail.findings} />
            </Box>
          )}
          {detail.abortedByAnalysis && (
            <Box mt={2}>
              <AbortedByAnalysisBanner detail={detail} />
            </Box>
          )}
          {detail.managedByArgoCD && (
            <Box mt={2}>
              <GitOpsPullRequests rollout={rollout} trigger={trigger} />
            </Box>
          )}
        </Paper>
        <Grid container spacing={2}>
          <Grid item xs={12} lg={6}>
            <InfoCard
              title={
                detail.strategy === 'canary' ? 'Canary progress' : 'Blue-green'
              }
            >
              {detail.strategy === 'canary' ? (
                <CanaryView detail={detail} />
              ) : (
                <BlueGreenView detail={detail} />
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12} lg={6}>
            <InfoCard title="Images">
              <ImageList images={detail.images} />
            </InfoCard>
            <Box mt={2}>
              <InfoCard title="Revisions">
                <RevisionHistory revisions={detail.revisions} />
              </InfoCard>
            </Box>
            <Box mt={2}>
              <InfoCard title="Revision diff">
                <RevisionDiff revisions={detail.revisions} />
              </InfoCard>
            </Box>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Networking">
              <NetworkingSummary networking={detail.networking} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Analysis and experiments">
              <AnalysisPanel detail={detail} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Events">
              <RolloutEvents events={detail.events} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Action history">
              <ActionHistory rollout={rollout} trigger={trigger} />
            </InfoCard>
          </Grid>
        </Grid>
      </section>
    </RolloutActionsProvider>
  );
}
