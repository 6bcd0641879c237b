import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import type { BlueGreenStrategySpec } from '@gradual/plugin-rollouts-common';

const number = (value: string) => (value === '' ? undefined : Number(value));

/** Comma-separated template names → an analysis spec, or none. */
const templates = (value: string) => {
  const list = value
    .split(',')
    .map(t => t.trim())
    .filter(Boolean);
  return list.length ? { templates: list } : undefined;
};

/** The blue-green fields of the change-strategy dialog. */
export function BlueGreenFields(props: {
  spec: BlueGreenStrategySpec;
  onChange: (spec: BlueGreenStrategySpec) => void;
}) {
  const { spec, onChange } = props;
  return (
    <Box
      display="flex"
      flexDirection="column"
      data-testid="strategy-blue-green"
    >
      <FormControlLabel
        control={
          <Checkbox
            checked={spec.autoPromotionEnabled !== false}
            onChange={e =>
              onChange({ ...spec, autoPromotionEnabled: e.target.checked })
            }
          />
        }
        label="Promote automatically (otherwise a person promotes the preview)"
      />
      <TextField
        size="small"
        type="number"
        label="Auto-promotion after (seconds)"
        margin="dense"
        value={spec.autoPromotionSeconds ?? ''}
        disabled={spec.autoPromotionEnabled === false}
        onChange={e =>
          onChange({ ...spec, autoPromotionSeconds: number(e.target.value) })
        }
      />
      <TextField
        size="small"
        label="Pre-promotion analysis templates (comma separated)"
        margin="dense"
        value={spec.prePromotionAnalysis?.templates.join(', ') ?? ''}
        onChange={e =>
          onChange({ ...spec, prePromotionAnalysis: templates(e.target.value) })
        }
      />
      <TextField
        size="small"
        label="Post-promotion analysis templates (comma separated)"
        margin="dense"
        value={spec.postPromotionAnalysis?.templates.join(', ') ?? ''}
        onChange={e =>
          onChange({
            ...spec,
            postPromotionAnalysis: templates(e.target.value),
          })
        }
      />
      <TextField
        size="small"
        type="number"
        label="Keep the old version after the switch (scaleDownDelaySeconds)"
        margin="dense"
        value={spec.scaleDownDelaySeconds ?? ''}
        onChange={e =>
          onChange({ ...spec, scaleDownDelaySeconds: number(e.target.value) })
        }
      />
    </Box>
  );
}
