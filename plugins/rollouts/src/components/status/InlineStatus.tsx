import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  root: { display: 'inline-flex', verticalAlign: 'middle' },
});

/**
 * Keeps a core-components status (a flex, aria-hidden element) inline in
 * text, and gives it an accessible name.
 */
export function InlineStatus(props: {
  label: string;
  children: ReactNode;
  testId?: string;
  dataAttributes?: Record<string, string>;
}) {
  const classes = useStyles();
  return (
    <span
      className={classes.root}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      {...props.dataAttributes}
    >
      {props.children}
    </span>
  );
}
