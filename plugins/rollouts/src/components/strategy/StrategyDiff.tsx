import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  pre: {
    margin: 0,
    padding: theme.spacing(1),
    maxHeight: 320,
    overflow: 'auto',
    fontSize: '0.8rem',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  added: {
    background:
      theme.palette.type === 'dark' ? 'rgba(46,160,67,0.3)' : '#e6ffec',
  },
  removed: {
    background:
      theme.palette.type === 'dark' ? 'rgba(248,81,73,0.3)' : '#ffebe9',
  },
  hunk: { color: theme.palette.text.secondary },
}));

/**
 * A unified diff (as the backend's plan returns it, made with the `diff`
 * package) with added and removed lines marked; the `+`/`-` prefixes stay, so
 * the meaning does not depend on colour.
 */
export function StrategyDiff(props: { diff: string; testId?: string }) {
  const classes = useStyles();
  const lines = props.diff
    .split('\n')
    // the file header of createTwoFilesPatch
    .filter(
      l => !l.startsWith('===') && !l.startsWith('---') && !l.startsWith('+++'),
    )
    .filter(l => !l.startsWith('Index:') && l !== '');
  const changed = lines.some(l => l.startsWith('+') || l.startsWith('-'));
  if (!changed) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid={props.testId ?? 'strategy-diff'}
      >
        No change to the live strategy.
      </Typography>
    );
  }
  return (
    <pre
      className={classes.pre}
      data-testid={props.testId ?? 'strategy-diff'}
      aria-label="Changes to spec.strategy: lines starting with + are added, with - removed"
    >
      {lines.map((line, i) => {
        let className: string | undefined;
        if (line.startsWith('+')) className = classes.added;
        else if (line.startsWith('-')) className = classes.removed;
        else if (line.startsWith('@@')) className = classes.hunk;
        return (
          <div key={i} className={className}>
            {line}
          </div>
        );
      })}
    </pre>
  );
}
