import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import type {
  StrategyOptionsResponse,
  StrategyPresetOption,
} from '@gradual/plugin-rollouts-common';
import type { StrategyKind } from './applyDisabledReason';
import { CURRENT } from './useStrategyDraft';

/** The strategy kind radio group. */
export function StrategyKindField(props: {
  kind: StrategyKind;
  onChange: (kind: StrategyKind) => void;
}) {
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend">Strategy</FormLabel>
      <RadioGroup
        row
        value={props.kind}
        onChange={e => props.onChange(e.target.value as StrategyKind)}
        data-testid="strategy-kind"
      >
        <FormControlLabel value="canary" control={<Radio />} label="Canary" />
        <FormControlLabel
          value="blueGreen"
          control={<Radio />}
          label="Blue-green"
        />
        <FormControlLabel
          value="recreate"
          control={<Radio />}
          label="Recreate"
        />
      </RadioGroup>
    </FormControl>
  );
}

/** "Start from": the live strategy or one of the platform's presets of this kind. */
export function PresetField(props: {
  kind: StrategyKind;
  preset: string;
  loaded: StrategyOptionsResponse;
  presetsOfKind: StrategyPresetOption[];
  onChange: (preset: string) => void;
}) {
  const { kind, preset, loaded, presetsOfKind, onChange } = props;
  return (
    <TextField
      select
      fullWidth
      margin="normal"
      label="Start from"
      value={preset}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      inputProps={{
        'data-testid': 'strategy-preset',
        id: 'strategy-preset',
      }}
      InputLabelProps={{ htmlFor: 'strategy-preset' }}
      helperText={
        preset === CURRENT
          ? 'The strategy running now.'
          : loaded.presets.find(p => p.name === preset)?.description
      }
    >
      {loaded.current?.strategy === kind && (
        <option value={CURRENT}>Current strategy</option>
      )}
      {preset === '' && <option value="">Custom</option>}
      {presetsOfKind.map(p => (
        <option key={p.name} value={p.name}>
          {p.title}
          {p.name === loaded.defaultPreset ? ' (platform default)' : ''}
        </option>
      ))}
    </TextField>
  );
}
