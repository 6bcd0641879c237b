import {
  ConditionEvaluationError,
  evaluateCondition,
  ResultValue,
} from './evaluateCondition';

/** The phases a single measurement can end in (Argo's `AnalysisPhase` minus Pending/Running). */
export type MeasurementPhase =
  | 'Successful'
  | 'Failed'
  | 'Inconclusive'
  | 'Error';

export interface MetricConditions {
  successCondition?: string;
  failureCondition?: string;
}

export interface MeasurementVerdict {
  phase: MeasurementPhase;
  /** Why the phase is Error; absent otherwise. */
  message?: string;
}

function isNilOrEmpty(result: ResultValue): boolean {
  return result === null || (Array.isArray(result) && result.length === 0);
}

/**
 * Decides a measurement's phase from `result`, as Argo's
 * `EvaluateResult` does (https://github.com/argoproj/argo-rollouts/blob/v1.8.5/utils/evaluate/evaluate.go):
 * - both conditions are evaluated (success first); an evaluation error → Error;
 * - no condition → Successful;
 * - only successCondition → Failed unless it holds;
 * - only failureCondition → Failed if it holds, else Successful;
 * - both → Failed if failureCondition holds (it wins over successCondition),
 *   else Successful if successCondition holds, else Inconclusive.
 *
 * Conditions outside the supported subset throw `UnsupportedConditionError`
 * (validate them up front with `parseCondition`).
 */
export function evaluateResult(
  result: ResultValue,
  metric: MetricConditions,
): MeasurementVerdict {
  const evaluate = (
    kind: 'successCondition' | 'failureCondition',
  ): boolean | MeasurementVerdict => {
    const condition = metric[kind];
    if (!condition) return false;
    try {
      return evaluateCondition(condition, result);
    } catch (error) {
      if (!(error instanceof ConditionEvaluationError)) throw error;
      return {
        phase: 'Error',
        message: isNilOrEmpty(result)
          ? `could not evaluate ${kind} "${condition}": metric result is nil or empty: no data returned from the metric provider`
          : `could not evaluate ${kind} "${condition}": ${error.message}`,
      };
    }
  };

  let success = evaluate('successCondition');
  if (typeof success !== 'boolean') return success;
  let failure = evaluate('failureCondition');
  if (typeof failure !== 'boolean') return failure;

  const hasSuccess = Boolean(metric.successCondition);
  const hasFailure = Boolean(metric.failureCondition);
  if (!hasSuccess && !hasFailure) return { phase: 'Successful' };
  if (hasSuccess && !hasFailure) failure = !success;
  if (!hasSuccess && hasFailure) success = !failure;

  if (failure) return { phase: 'Failed' };
  if (!success) return { phase: 'Inconclusive' };
  return { phase: 'Successful' };
}
