import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { ActionButton } from './ActionButton';
import { SetImageDialog } from './SetImageDialog';
import { useRolloutActions } from './RolloutActionsContext';
import { TestAnalysisButton } from '../analysis/TestAnalysisButton';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    alignItems: 'center',
  },
}));

/**
 * The rollout's action bar. `extra` is where later controls (change
 * strategy, test analysis) plug in.
 */
export function RolloutControls(props: { extra?: ReactNode }) {
  const classes = useStyles();
  const { detail } = useRolloutActions();
  return (
    <Box
      className={classes.root}
      role="toolbar"
      aria-label={`Actions for rollout ${detail.name}`}
      data-testid="rollout-controls"
    >
      <ActionButton action="promote" />
      <ActionButton action="promote-full" />
      {detail.strategy === 'canary' && <ActionButton action="skip-step" />}
      <ActionButton action="abort" />
      <ActionButton action="retry" />
      {detail.paused ? (
        <ActionButton action="resume" />
      ) : (
        <ActionButton action="pause" />
      )}
      <ActionButton action="restart" />
      <ActionButton
        action="set-image"
        renderDialog={dialogProps => (
          <SetImageDialog {...dialogProps} detail={detail} />
        )}
      />
      <TestAnalysisButton
        rollout={detail}
        strategySpec={detail.strategySpec}
        templates={[
          ...detail.steps.flatMap(s => s.templates ?? []),
          ...(detail.blueGreen?.prePromotionAnalysis?.templates ?? []),
          ...(detail.blueGreen?.postPromotionAnalysis?.templates ?? []),
        ]}
      />
      {props.extra}
    </Box>
  );
}
