import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import Typography from '@material-ui/core/Typography';
import type { Finding } from '@gradual/plugin-rollouts-common';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Lint findings of a Rollout (upstream Argo rules and the platform's
 * `rollouts.policies`) as one warning: the rollout keeps running, but its
 * configuration breaks a rule. Nothing is rendered without findings.
 */
export function LintFindings(props: {
  findings?: Finding[];
  title?: string;
  testId?: string;
}) {
  const { findings, testId = 'rollout-findings' } = props;
  if (!findings || findings.length === 0) return null;
  const errors = findings.filter(f => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const title =
    props.title ??
    `Configuration findings: ${[
      errors ? plural(errors, 'policy error') : '',
      warnings ? plural(warnings, 'warning') : '',
    ]
      .filter(Boolean)
      .join(', ')}`;
  return (
    <Alert
      severity="warning"
      data-testid={testId}
      role="region"
      aria-label={title}
    >
      <AlertTitle>{title}</AlertTitle>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {findings.map((f, i) => (
          <li key={`${f.rule}-${f.path}-${i}`} data-testid="finding">
            <Typography variant="body2" component="span">
              <strong>{f.severity === 'error' ? 'Error' : 'Warning'}</strong>{' '}
              <code>{f.rule}</code>
              {f.path ? (
                <>
                  {' '}
                  at <code>{f.path}</code>
                </>
              ) : null}
              : {f.message}
            </Typography>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
