import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import DeleteIcon from '@material-ui/icons/Delete';
import type { CanaryStep } from '@gradual/plugin-rollouts-common';
import { HeaderRouteFields, MirrorRouteFields } from './RouteStepFields';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
  },
  kind: { minWidth: 90 },
  value: { flex: 1 },
  add: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
}));

function kindOf(step: CanaryStep): string {
  return Object.keys(step)[0] ?? 'unknown';
}

function StepValue(props: {
  step: CanaryStep;
  index: number;
  onChange: (step: CanaryStep) => void;
}) {
  const { step, index, onChange } = props;
  const classes = useStyles();
  const n = index + 1;
  if ('setWeight' in step) {
    return (
      <TextField
        className={classes.value}
        type="number"
        size="small"
        label="Weight (%)"
        value={step.setWeight}
        onChange={e => onChange({ setWeight: Number(e.target.value) })}
        inputProps={{
          min: 0,
          max: 100,
          'aria-label': `Step ${n}: weight in percent`,
          'data-testid': `strategy-step-${index}-weight`,
        }}
      />
    );
  }
  if ('pause' in step) {
    return (
      <TextField
        className={classes.value}
        size="small"
        label="Duration"
        placeholder="empty: wait for a promote"
        value={step.pause.duration ?? ''}
        onChange={e => {
          const value = e.target.value.trim();
          onChange({ pause: value === '' ? {} : { duration: value } });
        }}
        inputProps={{
          'aria-label': `Step ${n}: pause duration (e.g. 30s, 5m; empty waits for a promote)`,
          'data-testid': `strategy-step-${index}-duration`,
        }}
      />
    );
  }
  if ('analysis' in step) {
    return (
      <TextField
        className={classes.value}
        size="small"
        label="Analysis templates"
        value={step.analysis.templates.join(', ')}
        onChange={e =>
          onChange({
            analysis: {
              ...step.analysis,
              templates: e.target.value
                .split(',')
                .map(t => t.trim())
                .filter(Boolean),
            },
          })
        }
        inputProps={{
          'aria-label': `Step ${n}: analysis templates, comma separated`,
          'data-testid': `strategy-step-${index}-templates`,
        }}
      />
    );
  }
  if ('setHeaderRoute' in step) {
    return <HeaderRouteFields step={step} index={index} onChange={onChange} />;
  }
  if ('setMirrorRoute' in step) {
    return <MirrorRouteFields step={step} index={index} onChange={onChange} />;
  }
  return (
    <Typography variant="body2" className={classes.value}>
      <code>{JSON.stringify(step)}</code>
    </Typography>
  );
}

/**
 * Canary steps: edit, add, remove and reorder setWeight / pause / analysis /
 * header route / mirror route steps.
 */
export function StepsEditor(props: {
  steps: CanaryStep[];
  onChange: (steps: CanaryStep[]) => void;
}) {
  const { steps, onChange } = props;
  const classes = useStyles();
  const replace = (i: number, step: CanaryStep) =>
    onChange(steps.map((s, j) => (j === i ? step : s)));
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [step] = next.splice(i, 1);
    next.splice(i + by, 0, step);
    onChange(next);
  };
  return (
    <Box data-testid="strategy-steps" role="group" aria-label="Canary steps">
      {steps.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No steps: the new version gets all traffic at once.
        </Typography>
      )}
      {steps.map((step, i) => (
        <div className={classes.row} key={i} data-testid={`strategy-step-${i}`}>
          <Typography variant="body2" className={classes.kind}>
            {i + 1}. {kindOf(step)}
          </Typography>
          <StepValue step={step} index={i} onChange={s => replace(i, s)} />
          <IconButton
            size="small"
            aria-label={`Move step ${i + 1} up`}
            disabled={i === 0}
            onClick={() => move(i, -1)}
          >
            <ArrowUpwardIcon fontSize="small" />
          </IconButton>
          <IconButton
            size="small"
            aria-label={`Move step ${i + 1} down`}
            disabled={i === steps.length - 1}
            onClick={() => move(i, 1)}
          >
            <ArrowDownwardIcon fontSize="small" />
          </IconButton>
          <IconButton
            size="small"
            aria-label={`Remove step ${i + 1}`}
            onClick={() => onChange(steps.filter((_, j) => j !== i))}
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </div>
      ))}
      <div className={classes.add}>
        <Button
          size="small"
          variant="outlined"
          data-testid="strategy-add-weight"
          onClick={() => onChange([...steps, { setWeight: 50 }])}
        >
          Add weight
        </Button>
        <Button
          size="small"
          variant="outlined"
          data-testid="strategy-add-pause"
          onClick={() => onChange([...steps, { pause: { duration: '1m' } }])}
        >
          Add pause
        </Button>
        <Button
          size="small"
          variant="outlined"
          data-testid="strategy-add-analysis"
          onClick={() =>
            onChange([...steps, { analysis: { templates: ['success-rate'] } }])
          }
        >
          Add analysis
        </Button>
        <Button
          size="small"
          variant="outlined"
          data-testid="strategy-add-header-route"
          onClick={() =>
            onChange([
              ...steps,
              {
                setHeaderRoute: {
                  name: 'header-route',
                  match: [
                    {
                      headerName: 'X-User-Tier',
                      headerValue: { exact: 'beta' },
                    },
                  ],
                },
              },
            ])
          }
        >
          Add header route
        </Button>
        <Button
          size="small"
          variant="outlined"
          data-testid="strategy-add-mirror-route"
          onClick={() =>
            onChange([
              ...steps,
              {
                setMirrorRoute: {
                  name: 'mirror-route',
                  percentage: 10,
                  match: [{ path: { prefix: '/' } }],
                },
              },
            ])
          }
        >
          Add mirror route
        </Button>
      </div>
    </Box>
  );
}
