import type { CanaryStrategySpec } from '@gradual/plugin-rollouts-common';
import { StepsEditor } from './StepsEditor';

/** The canary fields of the change-strategy dialog: the steps. */
export function CanaryFields(props: {
  spec: CanaryStrategySpec;
  onChange: (spec: CanaryStrategySpec) => void;
}) {
  const { spec, onChange } = props;
  return (
    <StepsEditor
      steps={spec.steps}
      onChange={steps => onChange({ ...spec, steps })}
    />
  );
}
