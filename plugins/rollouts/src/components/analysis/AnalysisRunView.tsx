import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  analysisRunAnchor,
  type AnalysisRunSummary,
} from '@gradual/plugin-rollouts-common';
import { AnalysisPhaseStatus, formatTimestamp } from '../status';
import { MetricDetail } from './MetricDetail';

/** The DOM id of a run's panel, the link target of the abort banner and notification. */
export { analysisRunAnchor };

const KIND_LABELS: Record<string, string> = {
  step: 'step analysis',
  background: 'background analysis',
  prePromotion: 'pre-promotion analysis',
  postPromotion: 'post-promotion analysis',
  experiment: 'experiment analysis',
};

/** One AnalysisRun, collapsible, with every metric. */
export function AnalysisRunView(props: {
  run: AnalysisRunSummary;
  defaultExpanded?: boolean;
}) {
  const { run, defaultExpanded } = props;
  const headerId = `${analysisRunAnchor(run.name)}-header`;
  return (
    <Accordion
      id={analysisRunAnchor(run.name)}
      defaultExpanded={defaultExpanded}
      TransitionProps={{ unmountOnExit: true }}
      data-testid={`analysis-run-${run.name}`}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        id={headerId}
        aria-controls={`${analysisRunAnchor(run.name)}-content`}
      >
        <div>
          <Typography variant="body2" component="div">
            <AnalysisPhaseStatus phase={run.phase} />{' '}
            <strong>{run.name}</strong>
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {KIND_LABELS[run.kind] ?? run.kind}
            {run.createdAt
              ? ` · started ${formatTimestamp(run.createdAt)}`
              : ''}
            {run.message ? ` · ${run.message}` : ''}
          </Typography>
        </div>
      </AccordionSummary>
      <AccordionDetails
        id={`${analysisRunAnchor(run.name)}-content`}
        style={{ display: 'block' }}
      >
        {run.metrics.map(metric => (
          <MetricDetail key={metric.name} metric={metric} />
        ))}
      </AccordionDetails>
    </Accordion>
  );
}
