/**
 * The pure status model: Kubernetes objects in, the API contract's summaries
 * out. Isomorphic (no Node or browser APIs), shared by the backend and the
 * Rollouts tab.
 */
export type {
  KubeObject,
  KubeObjectMeta,
  KubeOwnerReference,
  RolloutObjects,
} from './kubeObjects';
export {
  REVISION_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from './conventions';
export {
  describeRollout,
  summarizeRollout,
  getActualWeight,
} from './describeRollout';
export { getRolloutPhase, calculateRolloutPhase, isUnpausing } from './phase';
export type { PhaseAndMessage } from './phase';
export {
  getCurrentCanaryStep,
  getCurrentSetWeight,
  maxTrafficWeight,
  describeCanaryStep,
  describeCanarySteps,
} from './canarySteps';
export { getPodInfo } from './podInfo';
export { summarizePodTemplate, diffPodTemplates } from './podTemplate';
export { getReplicaSetInfos, getReplicaSetHealth } from './replicaSetInfo';
export { summarizeAnalysisRun, analysisRunCounts } from './analysisRunInfo';
export {
  explainAnalysisAbort,
  analysisRunAnchor,
  rolloutsTabLink,
  parseThreshold,
  parseMeasurementValue,
  formatNumber,
} from './analysisAbort';
export type {
  AnalysisAbortExplanation,
  ConditionThreshold,
} from './analysisAbort';
export { summarizeExperiment } from './experimentInfo';
export type { ExperimentChildren } from './experimentInfo';
export { rolloutImages, experimentImages, imageTagLabels } from './images';
export { getPauseConditions } from './pauseConditions';
export { argoCdTracking, isManagedByArgoCD } from './argoCd';
export type { ArgoCdTracking, ArgoCdTrackingOptions } from './argoCd';
export { humanDuration, parseGoDuration } from './durations';
export { renderRolloutTree, renderExperimentTree } from './renderTree';
