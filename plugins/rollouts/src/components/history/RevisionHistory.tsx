import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { RevisionInfo } from '@gradual/plugin-rollouts-common';
import { ReplicaSetSummary } from '../replicaSets';
import { ActionButton } from '../controls';
import { AnalysisPhaseStatus } from '../status';

const useStyles = makeStyles(theme => ({
  revision: { padding: theme.spacing(2), marginBottom: theme.spacing(1) },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  spacer: { flexGrow: 1 },
  mono: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

/** Revisions newest first, with a Rollback button on every non-current one. */
export function RevisionHistory(props: { revisions: RevisionInfo[] }) {
  const classes = useStyles();
  const revisions = [...props.revisions].sort(
    (a, b) => b.revision - a.revision,
  );
  if (revisions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No revisions are retained.
      </Typography>
    );
  }
  return (
    <>
      {revisions.map(rev => (
        <Paper
          key={rev.revision}
          variant="outlined"
          className={classes.revision}
          data-testid={`revision-${rev.revision}`}
        >
          <div className={classes.header}>
            <Typography variant="subtitle2">Revision {rev.revision}</Typography>
            {rev.current && (
              <Chip size="small" color="primary" label="current" />
            )}
            {rev.tags.map(tag => (
              <Chip key={tag} size="small" label={tag} variant="outlined" />
            ))}
            <span className={classes.spacer} />
            {!rev.current && (
              <ActionButton
                action="undo"
                request={{ toRevision: rev.revision }}
                label={`Roll back to revision ${rev.revision}`}
                testId={`rollback-${rev.revision}`}
              />
            )}
          </div>
          {rev.images.map(image => (
            <Typography key={image} variant="body2" className={classes.mono}>
              {image}
            </Typography>
          ))}
          {rev.replicaSets.map(rs => (
            <ReplicaSetSummary key={rs.name} replicaSet={rs} />
          ))}
          {rev.analysisRuns.length > 0 && (
            <Typography variant="caption" component="div">
              Analysis:{' '}
              {rev.analysisRuns.map(run => (
                <span key={run.name} style={{ marginRight: 8 }}>
                  {run.name} <AnalysisPhaseStatus phase={run.phase} />
                </span>
              ))}
            </Typography>
          )}
        </Paper>
      ))}
    </>
  );
}
