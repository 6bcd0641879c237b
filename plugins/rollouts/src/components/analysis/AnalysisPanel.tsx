import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  AnalysisRunSummary,
  ExperimentSummary,
  RolloutDetail,
} from '@gradual/plugin-rollouts-common';
import { AnalysisRunView } from './AnalysisRunView';
import { ExperimentView } from './ExperimentView';

interface RevisionGroup {
  revision?: number;
  runs: AnalysisRunSummary[];
  experiments: ExperimentSummary[];
}

function groupByRevision(detail: RolloutDetail): RevisionGroup[] {
  const groups = new Map<string, RevisionGroup>();
  const group = (revision?: number) => {
    const key = revision === undefined ? 'unknown' : String(revision);
    let g = groups.get(key);
    if (!g) {
      g = { revision, runs: [], experiments: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const run of detail.analysisRuns) {
    group(run.revision).runs.push(run);
  }
  for (const experiment of detail.experiments) {
    group(experiment.revision).experiments.push(experiment);
  }
  return [...groups.values()].sort(
    (a, b) => (b.revision ?? -1) - (a.revision ?? -1),
  );
}

/**
 * AnalysisRuns and Experiments grouped by rollout revision, newest first.
 * Failed or running runs of the newest revision start expanded.
 */
export function AnalysisPanel(props: { detail: RolloutDetail }) {
  const groups = groupByRevision(props.detail);
  if (groups.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No analysis runs or experiments for this rollout.
      </Typography>
    );
  }
  return (
    <>
      {groups.map((g, index) => (
        <Box key={g.revision ?? 'unknown'} mb={2}>
          <Typography variant="subtitle2" gutterBottom>
            {g.revision === undefined
              ? 'Unknown revision'
              : `Revision ${g.revision}`}
          </Typography>
          {g.runs.map(run => (
            <AnalysisRunView
              key={run.name}
              run={run}
              defaultExpanded={
                index === 0 &&
                (run.phase === 'Failed' || run.phase === 'Running')
              }
            />
          ))}
          {g.experiments.map(experiment => (
            <ExperimentView key={experiment.name} experiment={experiment} />
          ))}
        </Box>
      ))}
    </>
  );
}
