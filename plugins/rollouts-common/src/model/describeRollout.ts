import type {
  ReplicaSetInfo,
  RevisionInfo,
  RolloutDetail,
  RolloutSummary,
} from '../types';
import type { KubeObject, RolloutObjects } from './kubeObjects';
import { parseGoInt, REVISION_ANNOTATION } from './conventions';
import { getRolloutPhase } from './phase';
import {
  canarySteps,
  describeCanarySteps,
  getCurrentCanaryStep,
  getCurrentSetWeight,
  maxTrafficWeight,
} from './canarySteps';
import { getReplicaSetInfos } from './replicaSetInfo';
import { getAnalysisRunSummaries } from './analysisRunInfo';
import { getExperimentSummaries } from './experimentInfo';
import { rolloutImages } from './images';
import { getPauseConditions } from './pauseConditions';
import { getBlueGreenInfo } from './blueGreenInfo';
import { getAbortedByAnalysis } from './abortedByAnalysis';
import { isManagedByArgoCD } from './argoCd';
import { getRolloutEvents } from './events';
import { groupRevisions } from './revisions';
import { summarizePodTemplate } from './podTemplate';

/**
 * The weight actually reaching the canary, as `get rollout` computes it:
 * the maximum once all steps are done; with traffic routing the weight the
 * controller set (`status.canary.weights`), else the desired weight; without
 * traffic routing the canary's share of available pods.
 */
export function getActualWeight(
  rollout: KubeObject,
  replicaSets: ReplicaSetInfo[],
  setWeight: number,
): number {
  const { step } = getCurrentCanaryStep(rollout);
  const max = maxTrafficWeight(rollout);
  if (step === undefined) {
    return max;
  }
  const available = rollout.status?.availableReplicas ?? 0;
  if (available <= 0) {
    return 0;
  }
  if (!rollout.spec?.strategy?.canary?.trafficRouting) {
    let weight = 0;
    for (const rs of replicaSets) {
      if (rs.tags.includes('canary')) {
        weight = Math.trunc((rs.available * max) / available);
      }
    }
    return weight;
  }
  const weights = rollout.status?.canary?.weights;
  if (weights) {
    return weights.canary?.weight ?? 0;
  }
  return setWeight;
}

function trafficRoutingName(rollout: KubeObject): string | undefined {
  const routing = rollout.spec?.strategy?.canary?.trafficRouting;
  if (!routing || typeof routing !== 'object') {
    return undefined;
  }
  const names = Object.keys(routing).filter(
    key => !['maxTrafficWeight', 'managedRoutes'].includes(key),
  );
  return names.length > 0 ? names.join(', ') : undefined;
}

function currentRevisionNumber(
  rollout: KubeObject,
  replicaSets: ReplicaSetInfo[],
): number | undefined {
  const fromAnnotation = parseGoInt(
    rollout.metadata.annotations?.[REVISION_ANNOTATION],
  );
  if (fromAnnotation !== undefined) {
    return fromAnnotation;
  }
  const hash = rollout.status?.currentPodHash;
  return hash
    ? replicaSets.find(rs => rs.podTemplateHash === hash)?.revision
    : undefined;
}

/** Each revision's pod template, from the ReplicaSet with its pod-template hash. */
function withPodTemplates(
  revisions: RevisionInfo[],
  replicaSets: KubeObject[],
): RevisionInfo[] {
  return revisions.map(revision => {
    const rs = replicaSets.find(
      r =>
        revision.podTemplateHash &&
        r.metadata.labels?.['rollouts-pod-template-hash'] ===
          revision.podTemplateHash &&
        r.spec?.template,
    );
    return rs
      ? { ...revision, podTemplate: summarizePodTemplate(rs.spec.template) }
      : revision;
  });
}

/**
 * The full model of one rollout: what `kubectl argo rollouts get rollout`
 * shows and more (steps, analysis metrics, pause deadlines, events).
 *
 * @param cluster - the cluster name the objects were read from
 * @param objects - the rollout and the objects of its namespace
 * @param now - unused today; kept so callers pass the same clock they render with
 */
export function describeRollout(
  cluster: string,
  objects: RolloutObjects,
  _now: Date = new Date(),
): RolloutDetail {
  const { rollout } = objects;
  const uid = rollout.metadata.uid;
  const spec = rollout.spec ?? {};
  const status = rollout.status ?? {};
  const strategy = spec.strategy?.blueGreen ? 'blueGreen' : 'canary';

  const replicaSets = getReplicaSetInfos(
    uid,
    rollout,
    objects.replicaSets,
    objects.pods,
  );
  const experiments = getExperimentSummaries(uid, objects.experiments, objects);
  const analysisRuns = getAnalysisRunSummaries(uid, objects.analysisRuns);

  let step: RolloutSummary['step'] = null;
  let setWeight: number | null = null;
  let actualWeight: number | null = null;
  let canaryTraffic: RolloutDetail['canaryTraffic'];
  if (strategy === 'canary') {
    const count = canarySteps(rollout).length;
    if (typeof status.currentStepIndex === 'number' && count > 0) {
      step = { index: status.currentStepIndex, count };
    }
    setWeight = getCurrentSetWeight(rollout);
    actualWeight = getActualWeight(rollout, replicaSets, setWeight);
    const stableFromRouter = status.canary?.weights?.stable?.weight;
    const routing = trafficRoutingName(rollout);
    canaryTraffic = {
      canaryWeight: actualWeight,
      stableWeight:
        typeof stableFromRouter === 'number' &&
        spec.strategy?.canary?.trafficRouting
          ? stableFromRouter
          : Math.max(0, maxTrafficWeight(rollout) - actualWeight),
      ...(routing ? { trafficRouting: routing } : {}),
    };
  }

  const { phase, message } = getRolloutPhase(rollout);
  const pauseConditions = getPauseConditions(rollout);
  const currentRevision = currentRevisionNumber(rollout, replicaSets);
  const abortedByAnalysis = getAbortedByAnalysis(
    rollout,
    analysisRuns,
    experiments,
    currentRevision,
  );
  const template = objects.workload?.spec?.template ?? spec.template;
  const blueGreen = getBlueGreenInfo(rollout, pauseConditions);

  const detail: RolloutDetail = {
    cluster,
    namespace: rollout.metadata.namespace ?? '',
    name: rollout.metadata.name,
    uid: uid ?? '',
    strategy,
    phase,
    message,
    step,
    setWeight,
    actualWeight,
    revision: currentRevision !== undefined ? String(currentRevision) : '',
    images: rolloutImages(replicaSets, experiments),
    replicas: {
      desired: typeof spec.replicas === 'number' ? spec.replicas : 1,
      current: status.replicas ?? 0,
      updated: status.updatedReplicas ?? 0,
      ready: status.readyReplicas ?? 0,
      available: status.availableReplicas ?? 0,
    },
    paused: Boolean(spec.paused),
    aborted: Boolean(status.abort),
    pauseConditions,
    managedByArgoCD: isManagedByArgoCD(rollout),
    resourceVersion: rollout.metadata.resourceVersion ?? '',
    generation: rollout.metadata.generation ?? 0,
    steps: describeCanarySteps(rollout),
    revisions: withPodTemplates(
      groupRevisions(
        replicaSets,
        experiments,
        analysisRuns,
        status.currentPodHash,
        currentRevision,
      ),
      objects.replicaSets,
    ),
    analysisRuns,
    experiments,
    events: getRolloutEvents(rollout, objects.events, objects.replicaSets),
    containers: (template?.spec?.containers ?? []).map((c: any) => ({
      name: String(c.name ?? ''),
      image: String(c.image ?? ''),
    })),
    strategySpec: spec.strategy,
  };
  if (status.currentPodHash) detail.currentPodHash = status.currentPodHash;
  if (status.stableRS) detail.stablePodHash = status.stableRS;
  if (abortedByAnalysis) detail.abortedByAnalysis = abortedByAnalysis;
  if (rollout.metadata.creationTimestamp)
    detail.createdAt = rollout.metadata.creationTimestamp;
  if (blueGreen) detail.blueGreen = blueGreen;
  if (canaryTraffic) detail.canaryTraffic = canaryTraffic;
  const initContainers = (template?.spec?.initContainers ?? []).map(
    (c: any) => ({
      name: String(c.name ?? ''),
      image: String(c.image ?? ''),
    }),
  );
  if (initContainers.length > 0) detail.initContainers = initContainers;
  if (spec.workloadRef?.name) {
    detail.workloadRef = {
      kind: spec.workloadRef.kind ?? 'Deployment',
      name: spec.workloadRef.name,
    };
  }
  if (status.restartedAt) detail.restartedAt = status.restartedAt;
  if (
    typeof status.observedGeneration === 'string' ||
    typeof status.observedGeneration === 'number'
  ) {
    detail.observedGeneration = String(status.observedGeneration);
  }
  return detail;
}

/** The list-view subset of {@link describeRollout}. */
export function summarizeRollout(
  cluster: string,
  objects: RolloutObjects,
  now: Date = new Date(),
): RolloutSummary {
  const {
    steps: _steps,
    blueGreen: _blueGreen,
    canaryTraffic: _canaryTraffic,
    revisions: _revisions,
    analysisRuns: _analysisRuns,
    experiments: _experiments,
    events: _events,
    containers: _containers,
    initContainers: _initContainers,
    strategySpec: _strategySpec,
    workloadRef: _workloadRef,
    restartedAt: _restartedAt,
    observedGeneration: _observedGeneration,
    ...summary
  } = describeRollout(cluster, objects, now);
  return summary;
}
