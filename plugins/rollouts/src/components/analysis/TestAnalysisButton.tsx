import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  analysisDryRunPermission,
  analysisTemplateArgNames,
  referencedAnalysisTemplatesOf,
  rolloutAnalysisArgs,
  type AnalysisArgValue,
  type AnalysisDryRunResponse,
  type RolloutRef,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { AnalysisPhaseStatus } from '../status';

/** @public */
export interface TestAnalysisButtonProps {
  /**
   * The rollout the analysis is tested for: `cluster` (whose configured
   * Prometheus is queried) and `namespace` (where named templates are read);
   * `name`, `currentPodHash` and `stablePodHash` prefill the args
   * `rollout`, `canary-hash` and `stable-hash`. A `RolloutDetail` fits.
   */
  rollout: RolloutRef & { currentPodHash?: string; stablePodHash?: string };
  /**
   * The strategy (`spec.strategy`) whose referenced AnalysisTemplates are
   * offered, e.g. `RolloutDetail.strategySpec` or a strategy being edited.
   */
  strategySpec?: unknown;
  /** Extra template names to offer (e.g. those a new strategy would use). */
  templates?: string[];
  /** Inline AnalysisTemplate YAML to start with; opens on the YAML tab. */
  initialYaml?: string;
  /** Extra or overriding args to prefill. */
  args?: AnalysisArgValue[];
  /** Button label. Default "Test analysis". */
  label?: string;
  size?: 'small' | 'medium';
}

type Source = 'template' | 'yaml';

function mergeArgs(
  base: AnalysisArgValue[],
  extra: AnalysisArgValue[] = [],
): AnalysisArgValue[] {
  const out = new Map(base.map(a => [a.name, a.value]));
  for (const a of extra) out.set(a.name, a.value);
  return [...out].map(([name, value]) => ({ name, value }));
}

function errorMessage(error: unknown): string {
  const e = error as any;
  return e?.body?.error?.message ?? e?.message ?? String(error);
}

function TestAnalysisDialog(
  props: TestAnalysisButtonProps & { onClose: () => void },
) {
  const api = useApi(rolloutsApiRef);
  const { rollout } = props;
  const referenced = useMemo(() => {
    const refs = referencedAnalysisTemplatesOf(props.strategySpec);
    for (const name of props.templates ?? []) {
      if (!refs.some(r => r.name === name && !r.clusterScope))
        refs.push({ name, clusterScope: false, usedBy: [] });
    }
    return refs;
  }, [props.strategySpec, props.templates]);
  const [source, setSource] = useState<Source>(
    props.initialYaml || referenced.length === 0 ? 'yaml' : 'template',
  );
  const [selected, setSelected] = useState(0);
  const [yaml, setYaml] = useState(props.initialYaml ?? '');
  const [args, setArgs] = useState<AnalysisArgValue[]>(() =>
    mergeArgs(rolloutAnalysisArgs(rollout), props.args),
  );
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<AnalysisDryRunResponse>();

  const addDeclaredArgs = (text: string) => {
    const missing = analysisTemplateArgNames(text).filter(
      n => !args.some(a => a.name === n),
    );
    if (missing.length)
      setArgs([...args, ...missing.map(name => ({ name, value: '' }))]);
  };

  const template = referenced[selected];
  const canRun =
    !running && (source === 'yaml' ? yaml.trim() !== '' : Boolean(template));

  const run = async () => {
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    try {
      const response = await api.dryRunAnalysis({
        cluster: rollout.cluster,
        ...(source === 'yaml' || !template.clusterScope
          ? { namespace: rollout.namespace }
          : {}),
        template: source === 'yaml' ? yaml : { name: template.name },
        args: args.filter(a => a.name.trim() !== ''),
      });
      setResult(response);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

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
        <RadioGroup
          row
          aria-label="Template source"
          value={source}
          onChange={e => setSource(e.target.value as Source)}
        >
          <FormControlLabel
            value="template"
            control={<Radio />}
            label="A template the rollout uses"
            disabled={referenced.length === 0}
          />
          <FormControlLabel
            value="yaml"
            control={<Radio />}
            label="Paste YAML"
          />
        </RadioGroup>
        {source === 'template' ? (
          <TextField
            select
            fullWidth
            margin="dense"
            label="AnalysisTemplate"
            value={referenced.length ? selected : ''}
            onChange={e => setSelected(Number(e.target.value))}
            inputProps={{ 'data-testid': 'test-analysis-template' }}
          >
            {referenced.map((t, i) => (
              <MenuItem key={`${t.clusterScope}/${t.name}`} value={i}>
                {t.clusterScope ? 'ClusterAnalysisTemplate ' : ''}
                {t.name}
                {t.usedBy.length ? ` (${t.usedBy.join(', ')})` : ''}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <TextField
            fullWidth
            multiline
            minRows={8}
            maxRows={20}
            margin="dense"
            label="AnalysisTemplate YAML"
            value={yaml}
            onChange={e => setYaml(e.target.value)}
            onBlur={() => addDeclaredArgs(yaml)}
            inputProps={{
              'data-testid': 'test-analysis-yaml',
              spellCheck: false,
              style: { fontFamily: 'monospace' },
            }}
          />
        )}
        <Box mt={2}>
          <Typography variant="subtitle2">Arguments</Typography>
          {args.map((arg, i) => (
            <Box key={i} display="flex" alignItems="center" style={{ gap: 8 }}>
              <TextField
                margin="dense"
                label="Name"
                value={arg.name}
                onChange={e =>
                  setArgs(
                    args.map((a, j) =>
                      j === i ? { ...a, name: e.target.value } : a,
                    ),
                  )
                }
                inputProps={{ 'data-testid': `test-analysis-arg-name-${i}` }}
              />
              <TextField
                margin="dense"
                label="Value"
                fullWidth
                value={arg.value}
                onChange={e =>
                  setArgs(
                    args.map((a, j) =>
                      j === i ? { ...a, value: e.target.value } : a,
                    ),
                  )
                }
                inputProps={{
                  'data-testid': `test-analysis-arg-${arg.name || i}`,
                }}
              />
              <IconButton
                size="small"
                aria-label={`Remove argument ${arg.name}`}
                onClick={() => setArgs(args.filter((_, j) => j !== i))}
              >
                <DeleteIcon fontSize="small" />
              </IconButton>
            </Box>
          ))}
          <Button
            size="small"
            onClick={() => setArgs([...args, { name: '', value: '' }])}
            data-testid="test-analysis-add-arg"
          >
            Add argument
          </Button>
        </Box>
        {error && (
          <Box mt={2}>
            <Alert severity="error" data-testid="test-analysis-error">
              {error}
            </Alert>
          </Box>
        )}
        {result && (
          <Box mt={2}>
            <Table size="small" aria-label="Dry-run results">
              <TableHead>
                <TableRow>
                  <TableCell>Metric</TableCell>
                  <TableCell>Phase</TableCell>
                  <TableCell>Value</TableCell>
                  <TableCell>Message</TableCell>
                  <TableCell align="right">Time</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {result.metrics.map(m => (
                  <TableRow
                    key={m.name}
                    data-testid={`test-analysis-metric-${m.name}`}
                    data-phase={m.phase}
                  >
                    <TableCell>
                      <Tooltip title={m.query ?? ''}>
                        <span>
                          {m.name}{' '}
                          <Typography
                            variant="caption"
                            color="textSecondary"
                            component="span"
                          >
                            {m.provider}
                          </Typography>
                        </span>
                      </Tooltip>
                    </TableCell>
                    <TableCell>
                      <AnalysisPhaseStatus phase={m.phase} />
                    </TableCell>
                    <TableCell>
                      <code>{m.value ?? '—'}</code>
                    </TableCell>
                    <TableCell>{m.message ?? ''}</TableCell>
                    <TableCell align="right">{m.durationMs} ms</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={run}
          disabled={!canRun}
          data-testid="test-analysis-run"
          startIcon={running ? <CircularProgress size={16} /> : undefined}
        >
          {running ? 'Running…' : 'Run now'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * "Test analysis": pick an AnalysisTemplate the rollout references (or paste
 * YAML), fill its args and run it once now through
 * `POST /api/rollouts/analysis/dry-run`; shows each metric's phase, value,
 * message and timing. Needs `rollouts.analysis.dry-run`.
 *
 * @public
 */
export function TestAnalysisButton(props: TestAnalysisButtonProps) {
  const [open, setOpen] = useState(false);
  const permission = usePermission({ permission: analysisDryRunPermission });
  const label = props.label ?? 'Test analysis';
  let reason: string | undefined;
  if (permission.loading) reason = 'Checking your permissions…';
  else if (!permission.allowed)
    reason = 'You do not have permission to dry-run analysis templates.';
  return (
    <>
      <Tooltip title={reason ?? ''}>
        <span data-testid="action-test-analysis-wrapper">
          <Button
            variant="outlined"
            size={props.size ?? 'small'}
            onClick={() => setOpen(true)}
            disabled={reason !== undefined}
            data-testid="action-test-analysis"
            aria-label={reason ? `${label} (unavailable: ${reason})` : label}
          >
            {label}
          </Button>
        </span>
      </Tooltip>
      {open && <TestAnalysisDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
}
