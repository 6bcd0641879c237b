import Typography from '@material-ui/core/Typography';

/** "10% set · 10% actual" for canaries; nothing for blue-green. */
export function WeightText(props: {
  setWeight: number | null;
  actualWeight: number | null;
}) {
  const { setWeight, actualWeight } = props;
  if (setWeight === null) {
    return null;
  }
  const actual =
    actualWeight !== null && actualWeight !== setWeight
      ? ` · ${actualWeight}% actual`
      : '';
  return (
    <Typography component="span" variant="body2" data-testid="rollout-weight">
      {`${setWeight}% canary${actual}`}
    </Typography>
  );
}
