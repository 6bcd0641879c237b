export { AnalysisPanel } from './AnalysisPanel';
export { AnalysisRunView, analysisRunAnchor } from './AnalysisRunView';
export { ExperimentView } from './ExperimentView';
export { MetricChart } from './MetricChart';
export { MetricDetail } from './MetricDetail';
export {
  AbortedByAnalysisBanner,
  describeAnalysisAbort,
} from './AbortedByAnalysisBanner';
export { parseThreshold, parseMeasurementValue } from './thresholds';
export type { Threshold } from './thresholds';
export { TestAnalysisButton } from './TestAnalysisButton';
export type { TestAnalysisButtonProps } from './TestAnalysisButton';
