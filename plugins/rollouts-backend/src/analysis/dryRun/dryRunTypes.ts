import { MeasurementPhase } from '../expression/evaluateResult';
import { ArgumentValue } from '../template/resolveArgs';

/**
 * Reads an AnalysisTemplate (namespace given) or a ClusterAnalysisTemplate
 * (namespace undefined) from a cluster; `undefined` when it does not exist.
 */
export type GetAnalysisTemplate = (
  cluster: string,
  namespace: string | undefined,
  name: string,
) => Promise<unknown | undefined>;

export interface DryRunRequest {
  cluster: string;
  namespace?: string;
  /** Inline AnalysisTemplate YAML, or the name of a template in the cluster. */
  template: string | { name: string };
  args?: ArgumentValue[];
}

export interface DryRunMetricResult {
  name: string;
  provider: string;
  phase: MeasurementPhase;
  /** The measurement value as Argo records it (`[0.97]`, `0.5`, JSON for web). */
  value?: string;
  message?: string;
  durationMs: number;
  /** The resolved query (Prometheus) or URL (web). */
  query?: string;
}

export interface DryRunResponse {
  metrics: DryRunMetricResult[];
}
