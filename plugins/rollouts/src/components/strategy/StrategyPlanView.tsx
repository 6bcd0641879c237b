import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import type { StrategyChangeResponse } from '@gradual/plugin-rollouts-common';
import { LintFindings } from '../findings';
import { StrategyDiff } from './StrategyDiff';

/**
 * What the dry run says about the edited strategy: the YAML diff, the lint
 * findings, the objects to create first and, under Argo CD, the file to commit.
 */
export function StrategyPlanView(props: {
  plan?: StrategyChangeResponse;
  planning: boolean;
  planError?: Error;
}) {
  const { plan, planning, planError } = props;
  return (
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
  );
}
