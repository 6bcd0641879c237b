import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({ select: { minWidth: 160 } });

/** One facet of the deliveries filter: "All" or one of its values. */
export function FacetSelect(props: {
  label: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
  format?: (v: string) => string;
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      className={classes.select}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ inputProps: { 'aria-label': props.label } }}
    >
      <MenuItem value="">All</MenuItem>
      {props.options.map(o => (
        <MenuItem key={o} value={o}>
          {props.format ? props.format(o) : o}
        </MenuItem>
      ))}
    </TextField>
  );
}
