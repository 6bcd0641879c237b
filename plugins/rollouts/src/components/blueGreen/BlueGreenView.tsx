import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  AnalysisPhase,
  BlueGreenInfo,
  RevisionInfo,
  RolloutDetail,
} from '@gradual/plugin-rollouts-common';
import { AnalysisPhaseStatus, Countdown } from '../status';
import { ReplicaSetSummary } from '../replicaSets';

const useStyles = makeStyles(theme => ({
  paper: { padding: theme.spacing(2), height: '100%' },
  mono: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

function RevisionPanel(props: {
  title: string;
  service?: string;
  revision?: RevisionInfo;
  testId: string;
}) {
  const classes = useStyles();
  const { title, service, revision, testId } = props;
  return (
    <Paper variant="outlined" className={classes.paper} data-testid={testId}>
      <Typography variant="subtitle1">{title}</Typography>
      {service && (
        <Typography variant="caption" color="textSecondary" display="block">
          Service {service}
        </Typography>
      )}
      {revision ? (
        <>
          <Typography variant="body2" gutterBottom>
            Revision {revision.revision}
          </Typography>
          {revision.images.map(image => (
            <Typography key={image} variant="body2" className={classes.mono}>
              {image}
            </Typography>
          ))}
          {revision.replicaSets.map(rs => (
            <ReplicaSetSummary key={rs.name} replicaSet={rs} />
          ))}
        </>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No revision
        </Typography>
      )}
    </Paper>
  );
}

function AnalysisState(props: {
  label: string;
  analysis?: { templates: string[]; run?: string; status?: AnalysisPhase };
}) {
  const { label, analysis } = props;
  return (
    <Typography variant="body2" component="div">
      {label}:{' '}
      {analysis ? (
        <>
          {analysis.templates.join(', ')} ·{' '}
          {analysis.run ? (
            <AnalysisPhaseStatus phase={analysis.status} />
          ) : (
            'not started'
          )}
        </>
      ) : (
        'none configured'
      )}
    </Typography>
  );
}

function findRevision(
  revisions: RevisionInfo[],
  hash?: string,
): RevisionInfo | undefined {
  return hash ? revisions.find(r => r.podTemplateHash === hash) : undefined;
}

function PromotionInfo(props: { bg: BlueGreenInfo; hasPreview: boolean }) {
  const { bg, hasPreview } = props;
  if (!hasPreview) {
    return (
      <Typography variant="body2">
        The active revision serves all traffic; nothing awaits promotion.
      </Typography>
    );
  }
  if (!bg.autoPromotionEnabled) {
    return (
      <Typography variant="body2">
        The preview waits for a manual promotion.
      </Typography>
    );
  }
  if (bg.autoPromotionAt) {
    return (
      <Countdown
        deadline={bg.autoPromotionAt}
        label="Promotes automatically"
        doneText="Promoting automatically"
      />
    );
  }
  return (
    <Typography variant="body2">
      Promotes automatically once the preview is ready
      {bg.autoPromotionSeconds ? ` and ${bg.autoPromotionSeconds}s passed` : ''}
      .
    </Typography>
  );
}

/** Blue-green: active vs preview revisions, promotion and analysis state. */
export function BlueGreenView(props: { detail: RolloutDetail }) {
  const { detail } = props;
  const bg = detail.blueGreen;
  if (!bg) {
    return null;
  }
  const active = findRevision(detail.revisions, bg.activePodHash);
  const preview =
    bg.previewPodHash && bg.previewPodHash !== bg.activePodHash
      ? findRevision(detail.revisions, bg.previewPodHash)
      : undefined;
  return (
    <Grid container spacing={2} data-testid="blue-green-view">
      <Grid item xs={12} md={6}>
        <RevisionPanel
          title="Active"
          service={bg.activeService}
          revision={active}
          testId="blue-green-active"
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <RevisionPanel
          title="Preview"
          service={bg.previewService}
          revision={preview}
          testId="blue-green-preview"
        />
      </Grid>
      <Grid item xs={12}>
        <PromotionInfo bg={bg} hasPreview={Boolean(preview)} />
        <Typography variant="body2">
          The previous active revision scales down {bg.scaleDownDelaySeconds}s
          after promotion.
        </Typography>
        <AnalysisState
          label="Pre-promotion analysis"
          analysis={bg.prePromotionAnalysis}
        />
        <AnalysisState
          label="Post-promotion analysis"
          analysis={bg.postPromotionAnalysis}
        />
      </Grid>
    </Grid>
  );
}
