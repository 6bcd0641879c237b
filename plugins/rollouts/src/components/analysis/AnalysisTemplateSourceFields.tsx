import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import type { ReferencedAnalysisTemplate } from '@gradual/plugin-rollouts-common';

export type AnalysisTemplateSource = 'template' | 'yaml';

/** Which template to dry-run: one the rollout references, or pasted YAML. */
export function AnalysisTemplateSourceFields(props: {
  source: AnalysisTemplateSource;
  setSource: (source: AnalysisTemplateSource) => void;
  referenced: ReferencedAnalysisTemplate[];
  selected: number;
  setSelected: (index: number) => void;
  yaml: string;
  setYaml: (yaml: string) => void;
  /** The YAML field lost focus (to add the args it declares). */
  onYamlBlur: () => void;
}) {
  const {
    source,
    setSource,
    referenced,
    selected,
    setSelected,
    yaml,
    setYaml,
    onYamlBlur,
  } = props;
  return (
    <>
      <RadioGroup
        row
        aria-label="Template source"
        value={source}
        onChange={e => setSource(e.target.value as AnalysisTemplateSource)}
      >
        <FormControlLabel
          value="template"
          control={<Radio />}
          label="A template the rollout uses"
          disabled={referenced.length === 0}
        />
        <FormControlLabel value="yaml" control={<Radio />} label="Paste YAML" />
      </RadioGroup>
      {source === 'template' ? (
        <TextField
          select
          fullWidth
          margin="dense"
          label="AnalysisTemplate"
          value={referenced.length ? selected : ''}
          onChange={e => setSelected(Number(e.target.value))}
          inputProps={{ 'data-testid': 'test-analysis-template' }}
        >
          {referenced.map((t, i) => (
            <MenuItem key={`${t.clusterScope}/${t.name}`} value={i}>
              {t.clusterScope ? 'ClusterAnalysisTemplate ' : ''}
              {t.name}
              {t.usedBy.length ? ` (${t.usedBy.join(', ')})` : ''}
            </MenuItem>
          ))}
        </TextField>
      ) : (
        <TextField
          fullWidth
          multiline
          minRows={8}
          maxRows={20}
          margin="dense"
          label="AnalysisTemplate YAML"
          value={yaml}
          onChange={e => setYaml(e.target.value)}
          onBlur={onYamlBlur}
          inputProps={{
            'data-testid': 'test-analysis-yaml',
            spellCheck: false,
            style: { fontFamily: 'monospace' },
          }}
        />
      )}
    </>
  );
}
