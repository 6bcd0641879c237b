export { createAnalysisRouter } from './router';
export type { AnalysisRouterOptions } from './router';
export {
  createAnalysisServices,
  templateReader,
  rolloutHashResolver,
} from './createAnalysisServices';
export type { AnalysisClusterAccess } from './createAnalysisServices';
export { AnalysisDryRunService } from './dryRun/AnalysisDryRunService';
export type {
  DryRunRequest,
  DryRunResponse,
  DryRunMetricResult,
  GetAnalysisTemplate,
} from './dryRun/AnalysisDryRunService';
export { CanaryJudgeService } from './judge/CanaryJudgeService';
export type {
  JudgeRequest,
  JudgeResponse,
  ResolveRolloutHashes,
} from './judge/CanaryJudgeService';
export { evaluateCondition } from './expression/evaluateCondition';
export { evaluateResult } from './expression/evaluateResult';
export { readAnalysisConfig } from './config/analysisConfig';
export { canaryJudgeAnalysisTemplate } from './presets/canaryJudgeTemplate';
export type { CanaryJudgeTemplateOptions } from './presets/canaryJudgeTemplate';
