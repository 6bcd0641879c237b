import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { MarkdownContent } from '@backstage/core-components';
import { STRATEGY_GUIDE_MARKDOWN } from '@gradual/plugin-rollouts-common';

/** The "which strategy?" guide, folded. */
export function StrategyGuide() {
  return (
    <Accordion data-testid="strategy-guide">
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="strategy-guide-content"
        id="strategy-guide-header"
      >
        <Typography>
          Which strategy? When to use each, rollback speed, database changes
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="strategy-guide-content">
        <MarkdownContent content={STRATEGY_GUIDE_MARKDOWN} dialect="gfm" />
      </AccordionDetails>
    </Accordion>
  );
}
