import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import type { AnalysisArgValue } from '@gradual/plugin-rollouts-common';

/** The run arguments of a dry run: name / value rows, add and remove. */
export function AnalysisArgsFields(props: {
  args: AnalysisArgValue[];
  setArgs: (args: AnalysisArgValue[]) => void;
}) {
  const { args, setArgs } = props;
  return (
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
  );
}
