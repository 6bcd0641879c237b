import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { Link, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { ResponseError } from '@backstage/errors';
import {
  rolloutStrategyUpdatePermission,
  type GitOpsChangeResult,
  type RolloutDetail,
  type StrategyOptionsResponse,
  type StrategySpec,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { useEntityInfo } from '../../hooks';
import { applyDisabledReason } from './applyDisabledReason';
import { BlueGreenFields } from './BlueGreenFields';
import { CanaryFields } from './CanaryFields';
import { StrategyGuide } from './StrategyGuide';
import { StrategyPlanView } from './StrategyPlanView';
import { PresetField, StrategyKindField } from './StrategyStartFields';
import { useStrategyDraft } from './useStrategyDraft';
import { useStrategyPlan } from './useStrategyPlan';

export { applyDisabledReason } from './applyDisabledReason';
export { CURRENT } from './useStrategyDraft';

export const RECREATE_EXPLANATION =
  'Recreate stops every old pod before the new ones start: there is downtime, no traffic split and no analysis. It is not progressive delivery and is meant for development namespaces only, so it cannot be applied here.';

/**
 * Change a live rollout's strategy: pick canary or blue-green, start from a
 * preset of the platform (or the live strategy), edit it, see the YAML diff,
 * the lint findings and the guide, then apply it — or, when Argo CD manages
 * the rollout, open a pull request with it (or copy the file to commit).
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
  const loaded: StrategyOptionsResponse | undefined = options.value;
  const draft = useStrategyDraft(detail, loaded);
  const { kind, preset, spec } = draft;
  const { plan, planError, planning, replan } = useStrategyPlan({
    entityName,
    detail,
    spec,
    enabled: kind !== 'recreate',
  });
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string>();
  const [pullRequest, setPullRequest] = useState<GitOpsChangeResult>();

  const edit = (next: StrategySpec) => {
    draft.setSpec(next);
    setApplyError(undefined);
  };

  const reason = applyDisabledReason({
    kind,
    permission,
    plan,
    planning,
    planError,
    applying,
    pullRequestOpened: pullRequest !== undefined,
  });

  const apply = async () => {
    if (!spec || !plan) return;
    setApplying(true);
    setApplyError(undefined);
    try {
      const result = await api.changeStrategy(entityName, detail, {
        spec,
        expected: { resourceVersion: plan.resourceVersion },
      });
      if (result.gitOps) {
        // Argo CD manages it: a pull request, shown here with its link.
        setPullRequest(result.gitOps);
        onApplied();
        return;
      }
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
        replan();
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
                  direct change, so the cluster is not patched from here: open a
                  pull request with the change on the entity's repository, or
                  commit the proposed Rollout below yourself.
                </Alert>
              </Box>
            )}
            <StrategyKindField
              kind={kind}
              onChange={next => {
                setApplyError(undefined);
                draft.chooseKind(next);
              }}
            />

            {kind === 'recreate' ? (
              <Alert severity="warning" data-testid="strategy-recreate">
                {RECREATE_EXPLANATION}
              </Alert>
            ) : (
              <>
                <PresetField
                  kind={kind}
                  preset={preset}
                  loaded={loaded}
                  presetsOfKind={draft.presetsOfKind}
                  onChange={name => {
                    setApplyError(undefined);
                    draft.choosePreset(name);
                  }}
                />
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
                  <CanaryFields spec={spec} onChange={edit} />
                )}
                {spec?.strategy === 'blueGreen' && (
                  <BlueGreenFields spec={spec} onChange={edit} />
                )}
                <StrategyPlanView
                  plan={plan}
                  planning={planning}
                  planError={planError}
                />
              </>
            )}

            <Box mt={2}>
              <StrategyGuide />
            </Box>
          </>
        )}
        {pullRequest && (
          <Box mt={2}>
            <Alert severity="success" data-testid="strategy-pull-request">
              {pullRequest.created ? 'Opened' : 'Already open:'} pull request{' '}
              <Link to={pullRequest.pullRequest.url}>
                #{pullRequest.pullRequest.number}
              </Link>{' '}
              changing {pullRequest.repository.path} of{' '}
              {pullRequest.repository.url}. Argo CD applies it once it is
              merged.
            </Alert>
          </Box>
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
          {loaded?.managedByArgoCD ? 'Open pull request' : 'Apply'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
