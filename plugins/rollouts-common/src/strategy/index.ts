export * from './types';
export * from './analysisTemplates';
export * from './canaryJudge';
export * from './presets';
export * from './defaults';
export * from './generate';
export * from './plan';
export {
  mergeStrategy,
  canonicalStrategy,
  sameStrategy,
} from './mergeStrategy';
export * from './fromRollout';
export * from './guide';
export * from './specSchema';
export { parseStrategySpec } from './parseStrategySpec';
export {
  strategyToArgo,
  strategyNames,
  analysisToArgo,
  referencedAnalysisTemplates,
} from './strategyToArgo';
export type { StrategyNames } from './strategyToArgo';
export { toYamlDocuments, parseYamlDocuments } from './yaml';
export { globMatch } from './globMatch';
export * from './segments';
export * from './managedRoutes';
export { strategyObjectReferences } from './references';
export type {
  StrategyObjectReference,
  StrategyReferenceRole,
} from './references';
