import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import type { ExperimentSummary } from '@gradual/plugin-rollouts-common';
import { AnalysisPhaseStatus } from '../status';
import { ReplicaSetSummary } from '../replicaSets';
import { AnalysisRunView } from './AnalysisRunView';

/** An Experiment with its ReplicaSets and analysis runs. */
export function ExperimentView(props: { experiment: ExperimentSummary }) {
  const { experiment } = props;
  return (
    <Paper
      variant="outlined"
      style={{ padding: 16, marginBottom: 8 }}
      data-testid={`experiment-${experiment.name}`}
    >
      <Typography variant="body2">
        Experiment {experiment.name} ·{' '}
        <AnalysisPhaseStatus phase={experiment.phase} />
      </Typography>
      {experiment.message && (
        <Typography variant="caption" color="textSecondary" display="block">
          {experiment.message}
        </Typography>
      )}
      {experiment.replicaSets.map(rs => (
        <ReplicaSetSummary key={rs.name} replicaSet={rs} />
      ))}
      {experiment.analysisRuns.map(run => (
        <AnalysisRunView key={run.name} run={run} />
      ))}
    </Paper>
  );
}
