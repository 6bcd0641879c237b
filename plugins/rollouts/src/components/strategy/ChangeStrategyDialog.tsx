import { useEffect, useMemo, useRef, useState } from 'react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { MarkdownContent, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { ResponseError } from '@backstage/errors';
import {
  STRATEGY_GUIDE_MARKDOWN,
  rolloutStrategyUpdatePermission,
  type BlueGreenStrategySpec,
  type RolloutDetail,
  type StrategyChangeResponse,
  type StrategyOptionsResponse,
  type StrategySpec,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { useEntityInfo } from '../../hooks';
import { LintFindings } from '../findings';
import { StepsEditor } from './StepsEditor';
import { StrategyDiff } from './StrategyDiff';

type Kind = 'canary' | 'blueGreen' | 'recreate';
/** The preset select's value for "the live strategy". */
export const CURRENT = '__current__';
const PLAN_DELAY_MS = 400;

export const RECREATE_EXPLANATION =
  'Recreate stops every old pod before the new ones start: there is downtime, no traffic split and no analysis. It is not progressive delivery and is meant for development namespaces only, so it cannot be applied here.';

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value));

function BlueGreenFields(props: {
  spec: BlueGreenStrategySpec;
  onChange: (spec: BlueGreenStrategySpec) => void;
}) {
  const { spec, onChange } = props;
  const number = (value: string) => (value === '' ? undefined : Number(value));
  const templates = (value: string) => {
    const list = value
      .split(',')
      .map(t => t.trim())
      .filter(Boolean);
    return list.length ? { templates: list } : undefined;
  };
  return (
    <Box
      display="flex"
      flexDirection="column"
      data-testid="strategy-blue-green"
    >
      <FormControlLabel
        control={
          <Checkbox
            checked={spec.autoPromotionEnabled !== false}
            onChange={e =>
              onChange({ ...spec, autoPromotionEnabled: e.target.checked })
            }
          />
        }
        label="Promote automatically (otherwise a person promotes the preview)"
      />
      <TextField
        size="small"
        type="number"
        label="Auto-promotion after (seconds)"
        margin="dense"
        value={spec.autoPromotionSeconds ?? ''}
        disabled={spec.autoPromotionEnabled === false}
        onChange={e =>
          onChange({ ...spec, autoPromotionSeconds: number(e.target.value) })
        }
      />
      <TextField
        size="small"
        label="Pre-promotion analysis templates (comma separated)"
        margin="dense"
        value={spec.prePromotionAnalysis?.templates.join(', ') ?? ''}
        onChange={e =>
          onChange({ ...spec, prePromotionAnalysis: templates(e.target.value) })
        }
      />
      <TextField
        size="small"
        label="Post-promotion analysis templates (comma separated)"
        margin="dense"
        value={spec.postPromotionAnalysis?.templates.join(', ') ?? ''}
        onChange={e =>
          onChange({
            ...spec,
            postPromotionAnalysis: templates(e.target.value),
          })
        }
      />
      <TextField
        size="small"
        type="number"
        label="Keep the old version after the switch (scaleDownDelaySeconds)"
        margin="dense"
        value={spec.scaleDownDelaySeconds ?? ''}
        onChange={e =>
          onChange({ ...spec, scaleDownDelaySeconds: number(e.target.value) })
        }
      />
    </Box>
  );
}

/** Apply button state: the reason it is disabled, or undefined. */
export function applyDisabledReason(options: {
  kind: Kind;
  permission: { loading: boolean; allowed: boolean };
  plan?: StrategyChangeResponse;
  planning: boolean;
  planError?: Error;
  applying: boolean;
}): string | undefined {
  const { kind, permission, plan, planning, planError, applying } = options;
  if (kind === 'recreate')
    return 'Recreate is not progressive delivery and cannot be applied here.';
  if (permission.loading) return 'Checking your permissions…';
  if (!permission.allowed) {
    return 'You do not have permission to change the strategy of this rollout (rollouts.rollout.strategy.update).';
  }
  if (applying) return 'Applying…';
  if (planning || (!plan && !planError)) return 'Checking the new strategy…';
  if (planError) return `The new strategy is not valid: ${planError.message}`;
  if (plan!.managedByArgoCD) {
    return 'Argo CD manages this rollout: commit the file below instead, self-heal would revert a direct change.';
  }
  if (plan!.findings.some(f => f.severity === 'error')) {
    return 'The new strategy breaks the rules listed above.';
  }
  if (plan!.unchanged ?? !/^[+-](?![+-]{2})/m.test(plan!.yamlDiff)) {
    return 'Nothing changed: this is the live strategy.';
  }
  return undefined;
}

/**
 * Change a live rollout's strategy: pick canary or blue-green, start from a
 * preset of the platform (or the live strategy), edit it, see the YAML diff,
 * the lint findings and the guide, then apply it — or, when Argo CD manages
 * the rollout, copy the file to commit.
 */
export function ChangeStrategyDialog(props: {
  open: boolean;
  detail: RolloutDetail;
  onClose: () => void;
  onApplied: () => void;
}) {
  const { open, detail, onClose, onApplied } = props;
  const api = useApi(rolloutsApiRef);
  const alertApi = useApi(alertApiRef);
  const { entityRef, entityName } = useEntityInfo();
  const permission = usePermission({
    permission: rolloutStrategyUpdatePermission,
    resourceRef: entityRef,
  });

  const options = useAsync(
    () => api.getStrategyOptions(entityName, detail),
    [api, entityName, detail.cluster, detail.namespace, detail.name],
  );
  const [kind, setKind] = useState<Kind>(detail.strategy);
  const [preset, setPreset] = useState<string>(CURRENT);
  const [spec, setSpec] = useState<StrategySpec>();
  const [plan, setPlan] = useState<StrategyChangeResponse>();
  const [planError, setPlanError] = useState<Error>();
  const [planning, setPlanning] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string>();
  const [replan, setReplan] = useState(0);
  const planSeq = useRef(0);

  const loaded: StrategyOptionsResponse | undefined = options.value;

  // Start from the live strategy once the options are there.
  useEffect(() => {
    if (loaded && spec === undefined) {
      if (loaded.current) {
        setSpec(clone(loaded.current));
        setKind(loaded.current.strategy);
      } else {
        const first = loaded.presets.find(p => p.name === loaded.defaultPreset);
        if (first) {
          setPreset(first.name);
          setSpec(clone(first.spec));
          setKind(first.spec.strategy);
        }
      }
    }
  }, [loaded, spec]);

  // Plan (dry run) whenever the spec changes, a little after the last edit.
  useEffect(() => {
    if (!spec || kind === 'recreate') return undefined;
    const seq = ++planSeq.current;
    setPlanning(true);
    const timer = setTimeout(async () => {
      try {
        const result = await api.changeStrategy(entityName, detail, {
          spec,
          dryRun: true,
        });
        if (seq !== planSeq.current) return;
        setPlan(result);
        setPlanError(undefined);
      } catch (e) {
        if (seq !== planSeq.current) return;
        setPlan(undefined);
        setPlanError(e as Error);
      } finally {
        if (seq === planSeq.current) setPlanning(false);
      }
    }, PLAN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, entityName, detail, spec, kind, replan]);

  const presetsOfKind = useMemo(
    () => (loaded?.presets ?? []).filter(p => p.spec.strategy === kind),
    [loaded, kind],
  );

  const choosePreset = (name: string) => {
    setPreset(name);
    setApplyError(undefined);
    if (name === CURRENT) {
      if (loaded?.current) setSpec(clone(loaded.current));
      return;
    }
    const chosen = loaded?.presets.find(p => p.name === name);
    if (chosen) setSpec(clone(chosen.spec));
  };

  const chooseKind = (next: Kind) => {
    setKind(next);
    setApplyError(undefined);
    if (next === 'recreate') return;
    if (loaded?.current?.strategy === next) {
      choosePreset(CURRENT);
      return;
    }
    const first =
      loaded?.presets.find(
        p => p.name === loaded.defaultPreset && p.spec.strategy === next,
      ) ?? loaded?.presets.find(p => p.spec.strategy === next);
    if (first) {
      choosePreset(first.name);
    } else {
      setPreset('');
      setSpec(
        next === 'canary'
          ? { strategy: 'canary', steps: [{ setWeight: 10 }, { pause: {} }] }
          : { strategy: 'blueGreen', autoPromotionEnabled: false },
      );
    }
  };

  const edit = (next: StrategySpec) => {
    setSpec(next);
    setApplyError(undefined);
  };

  const reason = applyDisabledReason({
    kind,
    permission,
    plan,
    planning,
    planError,
    applying,
  });

  const apply = async () => {
    if (!spec || !plan) return;
    setApplying(true);
    setApplyError(undefined);
    try {
      await api.changeStrategy(entityName, detail, {
        spec,
        expected: { resourceVersion: plan.resourceVersion },
      });
      alertApi.post({
        message: `New strategy applied to ${detail.name}.`,
        severity: 'success',
        display: 'transient',
      });
      onApplied();
      onClose();
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 409) {
        setApplyError(
          `Nothing was changed: ${
            e.body?.error?.message ?? e.message
          }. The plan has been refreshed.`,
        );
        setReplan(r => r + 1);
      } else if (e instanceof ResponseError && e.statusCode === 403) {
        setApplyError('Refused: you are not allowed to change this strategy.');
      } else {
        setApplyError(`Applying failed: ${(e as Error).message}`);
      }
    } finally {
      setApplying(false);
    }
  };

  const titleId = 'change-strategy-title';
  return (
    <Dialog
      open={open}
      onClose={applying ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
      data-testid="change-strategy-dialog"
    >
      <DialogTitle id={titleId}>
        Change the strategy of {detail.name}
      </DialogTitle>
      <DialogContent dividers>
        {options.loading && <Progress />}
        {options.error && (
          <Alert severity="error">
            Could not load the strategy options: {options.error.message}
          </Alert>
        )}
        {loaded && (
          <>
            {loaded.managedByArgoCD && (
              <Box mb={2}>
                <Alert severity="info" data-testid="strategy-argocd">
                  Argo CD manages this rollout. Its self-heal would revert a
                  direct change, so nothing is applied from here: commit the
                  proposed Rollout below to the application's Git repository.
                </Alert>
              </Box>
            )}
            <FormControl component="fieldset">
              <FormLabel component="legend">Strategy</FormLabel>
              <RadioGroup
                row
                value={kind}
                onChange={e => chooseKind(e.target.value as Kind)}
                data-testid="strategy-kind"
              >
                <FormControlLabel
                  value="canary"
                  control={<Radio />}
                  label="Canary"
                />
                <FormControlLabel
                  value="blueGreen"
                  control={<Radio />}
                  label="Blue-green"
                />
                <FormControlLabel
                  value="recreate"
                  control={<Radio />}
                  label="Recreate"
                />
              </RadioGroup>
            </FormControl>

            {kind === 'recreate' ? (
              <Alert severity="warning" data-testid="strategy-recreate">
                {RECREATE_EXPLANATION}
              </Alert>
            ) : (
              <>
                <TextField
                  select
                  fullWidth
                  margin="normal"
                  label="Start from"
                  value={preset}
                  onChange={e => choosePreset(e.target.value)}
                  SelectProps={{ native: true }}
                  inputProps={{
                    'data-testid': 'strategy-preset',
                    id: 'strategy-preset',
                  }}
                  InputLabelProps={{ htmlFor: 'strategy-preset' }}
                  helperText={
                    preset === CURRENT
                      ? 'The strategy running now.'
                      : loaded.presets.find(p => p.name === preset)?.description
                  }
                >
                  {loaded.current?.strategy === kind && (
                    <option value={CURRENT}>Current strategy</option>
                  )}
                  {preset === '' && <option value="">Custom</option>}
                  {presetsOfKind.map(p => (
                    <option key={p.name} value={p.name}>
                      {p.title}
                      {p.name === loaded.defaultPreset
                        ? ' (platform default)'
                        : ''}
                    </option>
                  ))}
                </TextField>
                {loaded.unsupported.length > 0 && (
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    paragraph
                    data-testid="strategy-unsupported"
                  >
                    {spec?.strategy === loaded.current?.strategy
                      ? 'Kept as they are (the editor does not show them): '
                      : 'Switching the strategy kind drops these live fields: '}
                    {loaded.unsupported.join(', ')}.
                  </Typography>
                )}
                {spec?.strategy === 'canary' && (
                  <StepsEditor
                    steps={spec.steps}
                    onChange={steps => edit({ ...spec, steps })}
                  />
                )}
                {spec?.strategy === 'blueGreen' && (
                  <BlueGreenFields spec={spec} onChange={edit} />
                )}

                <Box mt={2}>
                  <Typography variant="subtitle2" component="h3" gutterBottom>
                    Changes to the live Rollout
                  </Typography>
                  {planning && !plan && <Progress />}
                  {planError && (
                    <Alert severity="error" data-testid="strategy-plan-error">
                      {planError instanceof ResponseError
                        ? planError.body?.error?.message ?? planError.message
                        : planError.message}
                    </Alert>
                  )}
                  {plan && (
                    <div aria-busy={planning}>
                      <StrategyDiff diff={plan.yamlDiff} />
                      <Box mt={1}>
                        <LintFindings
                          findings={plan.findings}
                          testId="strategy-findings"
                          title="The new strategy breaks these rules"
                        />
                      </Box>
                      {plan.missingObjectsYaml && (
                        <Box mt={1}>
                          <Alert severity="warning">
                            Create these objects first (
                            {plan.references
                              .filter(r => !r.exists)
                              .map(r => `${r.kind} ${r.name}`)
                              .join(', ')}
                            ):
                          </Alert>
                          <pre style={{ maxHeight: 200, overflow: 'auto' }}>
                            {plan.missingObjectsYaml}
                          </pre>
                        </Box>
                      )}
                      {plan.managedByArgoCD && (
                        <Box mt={1} data-testid="strategy-commit-file">
                          <Typography variant="subtitle2" component="h3">
                            Rollout to commit
                          </Typography>
                          <pre style={{ maxHeight: 300, overflow: 'auto' }}>
                            {plan.rolloutYaml}
                          </pre>
                          <Typography variant="subtitle2" component="h3">
                            Or this JSON patch (kubectl patch --type json)
                          </Typography>
                          <pre style={{ maxHeight: 200, overflow: 'auto' }}>
                            {JSON.stringify(plan.patch, null, 2)}
                          </pre>
                        </Box>
                      )}
                    </div>
                  )}
                </Box>
              </>
            )}

            <Box mt={2}>
              <Accordion data-testid="strategy-guide">
                <AccordionSummary
                  expandIcon={<ExpandMoreIcon />}
                  aria-controls="strategy-guide-content"
                  id="strategy-guide-header"
                >
                  <Typography>
                    Which strategy? When to use each, rollback speed, database
                    changes
                  </Typography>
                </AccordionSummary>
                <AccordionDetails id="strategy-guide-content">
                  <MarkdownContent
                    content={STRATEGY_GUIDE_MARKDOWN}
                    dialect="gfm"
                  />
                </AccordionDetails>
              </Accordion>
            </Box>
          </>
        )}
        {applyError && (
          <Box mt={2}>
            <Alert severity="warning" data-testid="strategy-apply-error">
              {applyError}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        {reason && kind !== 'recreate' && (
          <Typography
            id="strategy-apply-reason"
            variant="caption"
            color="textSecondary"
            style={{ marginRight: 'auto' }}
          >
            {reason}
          </Typography>
        )}
        <Button onClick={onClose} disabled={applying}>
          {loaded?.managedByArgoCD ? 'Close' : 'Cancel'}
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={apply}
          disabled={reason !== undefined}
          data-testid="strategy-apply"
          aria-describedby={reason ? 'strategy-apply-reason' : undefined}
        >
          Apply
        </Button>
      </DialogActions>
    </Dialog>
  );
}
