import type {
  AnalysisPhase,
  BlueGreenInfo,
  PauseConditionInfo,
} from '../types';
import type { KubeObject } from './kubeObjects';
import { autoPromotionEnabled } from './pauseConditions';

/** Argo's default `scaleDownDelaySeconds` (`defaults.DefaultScaleDownDelaySeconds`). */
export const DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

function templateNames(analysis: any): string[] {
  return (analysis?.templates ?? [])
    .map((t: any) => t?.templateName)
    .filter((name: unknown): name is string => typeof name === 'string');
}

function promotionAnalysis(
  spec: any,
  runStatus: any,
): BlueGreenInfo['prePromotionAnalysis'] {
  if (!spec) {
    return undefined;
  }
  return {
    templates: templateNames(spec),
    ...(runStatus?.name ? { run: runStatus.name } : {}),
    ...(runStatus?.status ? { status: runStatus.status as AnalysisPhase } : {}),
  };
}

/** The blue-green part of a rollout: services, the hashes they select, auto-promotion and analysis. */
export function getBlueGreenInfo(
  rollout: KubeObject,
  pauseConditions: PauseConditionInfo[],
): BlueGreenInfo | undefined {
  const spec = rollout.spec?.strategy?.blueGreen;
  if (!spec) {
    return undefined;
  }
  const status = rollout.status?.blueGreen ?? {};
  const info: BlueGreenInfo = {
    activeService: spec.activeService ?? '',
    autoPromotionEnabled: autoPromotionEnabled(rollout),
    scaleDownDelaySeconds:
      typeof spec.scaleDownDelaySeconds === 'number'
        ? spec.scaleDownDelaySeconds
        : DEFAULT_SCALE_DOWN_DELAY_SECONDS,
  };
  if (spec.previewService) info.previewService = spec.previewService;
  if (status.activeSelector) info.activePodHash = status.activeSelector;
  if (status.previewSelector) info.previewPodHash = status.previewSelector;
  if (typeof spec.autoPromotionSeconds === 'number')
    info.autoPromotionSeconds = spec.autoPromotionSeconds;
  const deadline = pauseConditions.find(
    c => c.reason === 'BlueGreenPause',
  )?.deadline;
  if (deadline) info.autoPromotionAt = deadline;
  const pre = promotionAnalysis(
    spec.prePromotionAnalysis,
    status.prePromotionAnalysisRunStatus,
  );
  if (pre) info.prePromotionAnalysis = pre;
  const post = promotionAnalysis(
    spec.postPromotionAnalysis,
    status.postPromotionAnalysisRunStatus,
  );
  if (post) info.postPromotionAnalysis = post;
  return info;
}
