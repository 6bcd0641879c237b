import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { AnalysisArgsFields } from './AnalysisArgsFields';
import { AnalysisTemplateSourceFields } from './AnalysisTemplateSourceFields';
import { DryRunResultsTable } from './DryRunResultsTable';
import type { TestAnalysisButtonProps } from './TestAnalysisButton';
import { useAnalysisDryRun } from './useAnalysisDryRun';

/** The dialog of TestAnalysisButton: choose, fill in, run once, see the result. */
export function TestAnalysisDialog(
  props: TestAnalysisButtonProps & { onClose: () => void },
) {
  const { rollout } = props;
  const dryRun = useAnalysisDryRun(props);
  const { running, error, result } = dryRun;
  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="test-analysis-title"
      data-testid="test-analysis-dialog"
    >
      <DialogTitle id="test-analysis-title">
        Test analysis on {rollout.name}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          Runs each metric once, now, against the Prometheus configured for
          cluster {rollout.cluster}, and judges it with Argo's rules. Nothing
          changes on the rollout.
        </Typography>
        <AnalysisTemplateSourceFields
          source={dryRun.source}
          setSource={dryRun.setSource}
          referenced={dryRun.referenced}
          selected={dryRun.selected}
          setSelected={dryRun.setSelected}
          yaml={dryRun.yaml}
          setYaml={dryRun.setYaml}
          onYamlBlur={dryRun.addDeclaredArgs}
        />
        <AnalysisArgsFields args={dryRun.args} setArgs={dryRun.setArgs} />
        {error && (
          <Box mt={2}>
            <Alert severity="error" data-testid="test-analysis-error">
              {error}
            </Alert>
          </Box>
        )}
        {result && (
          <Box mt={2}>
            <DryRunResultsTable result={result} />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={dryRun.run}
          disabled={!dryRun.canRun}
          data-testid="test-analysis-run"
          startIcon={running ? <CircularProgress size={16} /> : undefined}
        >
          {running ? 'Running…' : 'Run now'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
