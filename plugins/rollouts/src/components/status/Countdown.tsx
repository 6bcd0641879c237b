import Typography from '@material-ui/core/Typography';
import { useNow } from '../../hooks';
import { formatDuration } from './formatTime';

/** "<label> in 1m 30s", or `doneText` once the deadline passed. */
export function Countdown(props: {
  deadline: string;
  label: string;
  doneText?: string;
}) {
  const { deadline, label, doneText } = props;
  const now = useNow();
  const remaining = (new Date(deadline).getTime() - now) / 1000;
  const text =
    remaining > 0
      ? `${label} in ${formatDuration(remaining)}`
      : doneText ?? `${label} now`;
  return (
    <Typography component="span" variant="body2" data-testid="countdown">
      {text}
    </Typography>
  );
}
