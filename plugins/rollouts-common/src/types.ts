/*
 * The API contract between @gradual/plugin-rollouts-backend and its clients
 * (the Rollouts tab, CI scripts, MCP actions). Every field here is computed by
 * the pure status model in this package from the Kubernetes objects.
 */

import type { Finding, RolloutPolicies } from './policy/types';
import type { JsonPatchOperation } from './strategy/plan';
import type { GitOpsChangeResult } from './gitops';
import type { StrategySpec } from './strategy/types';

/** The four phases Argo Rollouts defines (`RolloutPhase`). */
export type RolloutPhase = 'Healthy' | 'Degraded' | 'Progressing' | 'Paused';

export type RolloutStrategy = 'canary' | 'blueGreen';

/** Role of an image / ReplicaSet inside a rollout, as `kubectl argo rollouts get` labels it. */
export type RevisionTag =
  | 'stable'
  | 'canary'
  | 'active'
  | 'preview'
  | 'ping'
  | 'pong';

/** Analysis phases (`AnalysisPhase`). */
export type AnalysisPhase =
  | 'Pending'
  | 'Running'
  | 'Successful'
  | 'Failed'
  | 'Error'
  | 'Inconclusive';

export interface RolloutRef {
  cluster: string;
  namespace: string;
  name: string;
}

export interface ImageInfo {
  image: string;
  /** e.g. ['stable'], ['canary'], ['active'], ['preview'], ['stable','ping'] */
  tags: RevisionTag[];
  /** Experiment templates running this image (`get rollout` prints them as `Σ:<template>`). */
  experimentTemplates?: string[];
}

export interface StepProgress {
  /** `status.currentStepIndex` (count means all steps done). */
  index: number;
  count: number;
}

export interface PauseConditionInfo {
  /** CanaryPauseStep | BlueGreenPause | InconclusiveAnalysisRun | InconclusiveExperiment */
  reason: string;
  startTime: string;
  /** When a timed pause ends (ISO); absent for an indefinite pause. */
  deadline?: string;
}

export interface ReplicaCounts {
  desired: number;
  current: number;
  updated: number;
  ready: number;
  available: number;
}

export interface RolloutSummary extends RolloutRef {
  /** Cluster title from config, if any. */
  clusterTitle?: string;
  uid: string;
  strategy: RolloutStrategy;
  phase: RolloutPhase;
  message: string;
  step: StepProgress | null;
  /** `GetCurrentSetWeight`; null for blue-green. */
  setWeight: number | null;
  /** Weight actually reaching the canary; null for blue-green. */
  actualWeight: number | null;
  /** Revision number (`rollout.argoproj.io/revision`) of the current (newest) ReplicaSet, as a string. */
  revision: string;
  /** `status.currentPodHash` */
  currentPodHash?: string;
  /** `status.stableRS` */
  stablePodHash?: string;
  images: ImageInfo[];
  replicas: ReplicaCounts;
  /** `spec.paused` (manual pause). */
  paused: boolean;
  /** `status.abort` */
  aborted: boolean;
  pauseConditions: PauseConditionInfo[];
  /** Set when the current update was aborted because an AnalysisRun failed. */
  abortedByAnalysis?: { analysisRun: string; metric?: string; message: string };
  /** Argo CD tracking label / annotation found: direct spec changes would be reverted by self-heal. */
  managedByArgoCD?: boolean;
  resourceVersion: string;
  generation: number;
  createdAt?: string;
  /**
   * How many lint findings (upstream Argo rules and `rollouts.policies`) the
   * live Rollout has; the detail lists them in `findings`.
   */
  findingCounts?: { error: number; warning: number };
}

export interface PodInfo {
  name: string;
  /** Running, Pending, Terminating, Error, ... as `get rollout` shows it */
  status: string;
  /** "1/1" */
  ready: string;
  restarts: number;
  createdAt?: string;
}

export interface ReplicaSetInfo {
  name: string;
  revision: number;
  podTemplateHash: string;
  /** Healthy | Progressing | ReplicaFailure | ScaledDown (the info package's `getReplicaSetHealth`) */
  status: string;
  tags: RevisionTag[];
  desired: number;
  current: number;
  ready: number;
  available: number;
  images: string[];
  /** `scale-down-deadline` annotation (blue-green / aborted canary), ISO. */
  scaleDownDeadline?: string;
  /** `experiment.argoproj.io/template-name` of an experiment's ReplicaSet. */
  experimentTemplate?: string;
  createdAt?: string;
  pods: PodInfo[];
}

export interface MeasurementInfo {
  phase: AnalysisPhase;
  value?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Name of the Job a Job-provider measurement ran (measurement metadata `job-name`). */
  jobName?: string;
}

export interface MetricInfo {
  name: string;
  phase: AnalysisPhase;
  message?: string;
  successCondition?: string;
  failureCondition?: string;
  /** Effective limits, Argo defaults applied (failureLimit 0, inconclusiveLimit 0, consecutiveErrorLimit 4). */
  failureLimit: number;
  inconclusiveLimit: number;
  consecutiveErrorLimit: number;
  /** Set when the metric uses `consecutiveSuccessLimit` (v1.8+). */
  consecutiveSuccessLimit?: number;
  /** A dry-run metric: its outcome never affects the run. */
  dryRun?: boolean;
  count?: number;
  interval?: string;
  provider: {
    type: string;
    address?: string;
    query?: string;
    url?: string;
    jsonPath?: string;
  };
  counts: {
    measured: number;
    successful: number;
    failed: number;
    inconclusive: number;
    error: number;
    consecutiveError: number;
  };
  measurements: MeasurementInfo[];
}

export interface AnalysisRunSummary {
  name: string;
  namespace: string;
  phase: AnalysisPhase;
  message?: string;
  /** Rollout revision it belongs to (from its `rollout.argoproj.io/revision` annotation / label). */
  revision?: number;
  /** step | background | prePromotion | postPromotion | experiment | unknown */
  kind: string;
  createdAt?: string;
  startedAt?: string;
  completedAt?: string;
  metrics: MetricInfo[];
  /** Jobs run by Job-provider metrics, in measurement order (the `⊞` rows of `get rollout`). */
  jobs?: AnalysisJobInfo[];
}

export interface AnalysisJobInfo {
  name: string;
  namespace: string;
  /** Phase of the measurement that ran the Job. */
  phase: AnalysisPhase;
  metric: string;
  startedAt?: string;
}

export interface ExperimentSummary {
  name: string;
  namespace?: string;
  phase: AnalysisPhase;
  message?: string;
  revision?: number;
  createdAt?: string;
  replicaSets: ReplicaSetInfo[];
  analysisRuns: AnalysisRunSummary[];
}

export type StepKind =
  | 'setWeight'
  | 'pause'
  | 'analysis'
  | 'experiment'
  | 'setCanaryScale'
  | 'setHeaderRoute'
  | 'setMirrorRoute'
  | 'plugin'
  | 'unknown';

export interface CanaryStepInfo {
  index: number;
  kind: StepKind;
  /** Plain-words description, e.g. "Set weight to 10%", "Pause for 5m", "Pause until promoted". */
  description: string;
  state: 'done' | 'current' | 'pending';
  weight?: number;
  /** Pause duration in seconds; absent for an indefinite pause. */
  durationSeconds?: number;
  /** Analysis template names of an analysis / experiment step. */
  templates?: string[];
  /** Header match of a setHeaderRoute step, e.g. "X-User-Tier: beta". */
  headerMatch?: string;
  /** The managed route a setHeaderRoute / setMirrorRoute step sets or removes. */
  routeName?: string;
}

export interface BlueGreenInfo {
  activeService: string;
  previewService?: string;
  activePodHash?: string;
  previewPodHash?: string;
  autoPromotionEnabled: boolean;
  autoPromotionSeconds?: number;
  /** When auto-promotion happens, ISO (pause start + autoPromotionSeconds). */
  autoPromotionAt?: string;
  scaleDownDelaySeconds: number;
  prePromotionAnalysis?: {
    templates: string[];
    run?: string;
    status?: AnalysisPhase;
  };
  postPromotionAnalysis?: {
    templates: string[];
    run?: string;
    status?: AnalysisPhase;
  };
}

export interface RevisionInfo {
  revision: number;
  podTemplateHash: string;
  images: string[];
  tags: RevisionTag[];
  /** The revision the rollout's template currently points at. */
  current: boolean;
  replicaSets: ReplicaSetInfo[];
  analysisRuns: AnalysisRunSummary[];
  experiments: ExperimentSummary[];
  /** The pod template of the revision (from its ReplicaSet), for the revision diff. */
  podTemplate?: PodTemplateInfo;
}

/** A container of a pod template, as the revision diff compares it. */
export interface ContainerTemplateInfo {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  /** `value`, or `valueFrom` in words (e.g. `secretKeyRef db/password`). */
  env?: Array<{ name: string; value?: string; valueFrom?: string }>;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  /** `name:containerPort/protocol`. */
  ports?: string[];
}

export interface PodTemplateInfo {
  containers: ContainerTemplateInfo[];
  initContainers?: ContainerTemplateInfo[];
}

/** One difference between two pod templates (diffPodTemplates). */
export interface PodTemplateChange {
  container: string;
  /** An init container. */
  init?: boolean;
  /** `container`: the container was added (only `after`) or removed (only `before`). */
  field:
    | 'container'
    | 'image'
    | 'command'
    | 'args'
    | 'env'
    | 'resources'
    | 'ports';
  /** The env variable, or the resource (`requests.cpu`, `limits.memory`). */
  key?: string;
  before?: string;
  after?: string;
}

export interface EventInfo {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastTimestamp?: string;
  /** The object the event is about: the Rollout or one of its ReplicaSets. */
  object?: { kind: string; name: string };
}

export interface RolloutDetail extends RolloutSummary {
  /** Canary steps with done/current/pending state; empty for blue-green. */
  steps: CanaryStepInfo[];
  blueGreen?: BlueGreenInfo;
  canaryTraffic?: {
    stableWeight: number;
    canaryWeight: number;
    trafficRouting?: string;
  };
  /** Newest first. */
  revisions: RevisionInfo[];
  analysisRuns: AnalysisRunSummary[];
  experiments: ExperimentSummary[];
  events: EventInfo[];
  containers: { name: string; image: string }[];
  initContainers?: { name: string; image: string }[];
  /** `spec.workloadRef`: the template lives in that object (set-image / undo patch it). */
  workloadRef?: { kind: string; name: string };
  /** `status.restartedAt`: when the last restart completed. */
  restartedAt?: string;
  /** `status.observedGeneration` (a string in the CRD). */
  observedGeneration?: string;
  /** The live `spec.strategy` (for the change-strategy dialog). */
  strategySpec?: unknown;
  /** Lint findings of the live Rollout (upstream Argo rules and `rollouts.policies`). */
  findings?: Finding[];
  /** The Services and Ingresses the rollout references (from the backend's watch cache). */
  networking?: RolloutNetworking;
}

/** A Service a rollout names in its strategy. */
export interface RolloutServiceRef {
  role: 'canary' | 'stable' | 'active' | 'preview';
  name: string;
  /** Whether the Service exists. */
  found: boolean;
  type?: string;
  /** `port/protocol→targetPort`. */
  ports?: string[];
  /** The `rollouts-pod-template-hash` the controller pointed the selector at. */
  podTemplateHash?: string;
}

/** An Ingress a rollout's traffic routing uses (nginx stable/canary, ALB). */
export interface RolloutIngressRef {
  role: 'stable' | 'canary';
  name: string;
  found: boolean;
  hosts?: string[];
  /** nginx canary ingress: `nginx.ingress.kubernetes.io/canary-weight`. */
  canaryWeight?: number;
  /**
   * The `nginx.ingress.kubernetes.io/canary*` annotations the controller
   * wrote (prefix left out), e.g. `canary-by-header: X-User-Tier`.
   */
  canaryAnnotations?: Record<string, string>;
}

/** One destination of a VirtualService HTTP route. */
export interface RouteDestinationInfo {
  host: string;
  subset?: string;
  weight?: number;
}

/** An HTTP route of a VirtualService, as the cluster has it now. */
export interface VirtualServiceRouteInfo {
  name: string;
  /** A route of `trafficRouting.managedRoutes`: the controller adds and removes it (setHeaderRoute / setMirrorRoute steps). */
  managed: boolean;
  /** The route's conditions in words, e.g. `X-User-Tier: beta`, `X-User-Id ~ ^[0-9]*[13579]$`, `path ^= /api`. */
  match: string[];
  destinations: RouteDestinationInfo[];
  /** Requests are copied to this host (setMirrorRoute). */
  mirror?: { host: string; subset?: string; percentage?: number };
}

/** A VirtualService the rollout's Istio routing names, read from the cluster. */
export interface RolloutVirtualServiceRef {
  name: string;
  found: boolean;
  /** HTTP routes in the order Istio evaluates them (managed routes first). */
  routes?: VirtualServiceRouteInfo[];
}

export interface RolloutNetworking {
  services: RolloutServiceRef[];
  ingresses: RolloutIngressRef[];
  /** Istio VirtualServices (empty without Istio routing, or when the cluster has no VirtualService CRD). */
  virtualServices?: RolloutVirtualServiceRef[];
}

export interface ClusterStatus {
  name: string;
  title?: string;
  status: 'ok' | 'error';
  message?: string;
}

export interface EntityRolloutsResponse {
  items: RolloutSummary[];
  clusters: ClusterStatus[];
}

export const ROLLOUT_ACTIONS = [
  'promote',
  'promote-full',
  'skip-step',
  'abort',
  'retry',
  'pause',
  'resume',
  'restart',
  'undo',
  'set-image',
] as const;

export type RolloutActionName = (typeof ROLLOUT_ACTIONS)[number];

export interface ActionPreconditions {
  step?: number;
  revision?: string;
  resourceVersion?: string;
}

export interface ActionRequest {
  expected?: ActionPreconditions;
  /** undo */
  toRevision?: number;
  /** set-image */
  container?: string;
  image?: string;
  /**
   * Go ahead although the action's rule warns against it (a rule answer with
   * `forceable`, e.g. promoting a Degraded canary, as the CLI does). Audited
   * as forced.
   */
  force?: boolean;
}

export interface ActionResponse {
  rollout: RolloutSummary;
  /** Argo CD manages the rollout: set-image became this pull request (HTTP 202). */
  gitOps?: GitOpsChangeResult;
}

/**
 * How an action ended. `pending`: under way (its row is written before the
 * first patch). When the replica running it died before completing the row,
 * a later reader resolves it from the cluster: `landed` (the rollout shows
 * the action's change), `not-landed` (the rollout is unchanged since the
 * decision) or `unknown` (it changed, but does not show the action's change).
 */
export type ActionOutcome =
  | 'succeeded'
  | 'failed'
  | 'conflict'
  | 'denied'
  | 'pending'
  | 'landed'
  | 'not-landed'
  | 'unknown';

export interface ActionHistoryEntry {
  id: string;
  at: string;
  actor: string;
  entityRef: string;
  cluster: string;
  namespace: string;
  name: string;
  action: RolloutActionName | 'strategy-update';
  params?: Record<string, unknown>;
  outcome: ActionOutcome;
  message?: string;
  before?: { step?: number | null; revision?: string };
  after?: { step?: number | null; revision?: string };
}

export interface ActionHistoryResponse {
  items: ActionHistoryEntry[];
}

/** Signal channel the backend publishes on when an entity's rollouts change. */
export function rolloutsSignalChannel(entityRef: string): string {
  return `rollouts:${entityRef.toLocaleLowerCase('en-US')}`;
}

export interface RolloutsSignalMessage {
  type: 'rollouts-changed';
  entityRef: string;
  rollouts: RolloutRef[];
}

/** A preset a developer may start from, for one rollout's namespace and environment. */
export interface StrategyPresetOption {
  name: string;
  title: string;
  description: string;
  spec: StrategySpec;
}

/** `GET .../strategy`: what the change-strategy dialog starts from. */
export interface StrategyOptionsResponse {
  /** The live strategy as a StrategySpec (absent when it is neither canary nor blue-green). */
  current?: StrategySpec;
  /** Live Argo fields the StrategySpec cannot express; applying a new strategy drops them. */
  unsupported: string[];
  /** Presets allowed for this rollout (`rollouts.defaults`, overrides applied). */
  presets: StrategyPresetOption[];
  /** The preset proposed when the developer picks none here. */
  defaultPreset: string;
  /** The platform rules in force (`rollouts.policies`). */
  policies: RolloutPolicies;
  /** Direct changes would be reverted by Argo CD self-heal: commit the file instead. */
  managedByArgoCD: boolean;
  /** resourceVersion of the Rollout these options were read from. */
  resourceVersion: string;
}

/** `POST .../strategy`. */
export interface StrategyChangeRequest {
  spec: StrategySpec;
  /** Only plan: nothing is written (default false). */
  dryRun?: boolean;
  /** The change is refused with 409 unless the Rollout still has this resourceVersion. */
  expected?: { resourceVersion?: string };
}

/** A Service, Ingress or AnalysisTemplate the new strategy refers to. */
export interface StrategyReference {
  kind: 'Service' | 'Ingress' | 'AnalysisTemplate';
  name: string;
  exists: boolean;
}

export interface StrategyChangeResponse {
  /** True when the change was written to the cluster. */
  applied: boolean;
  dryRun: boolean;
  /** resourceVersion the plan was made on (before) and, when applied, after. */
  resourceVersion: string;
  appliedResourceVersion?: string;
  /** `spec.strategy` as YAML, live and proposed. */
  currentYaml: string;
  proposedYaml: string;
  /** Unified diff of `spec.strategy`, live → proposed (no hunk when unchanged). */
  yamlDiff: string;
  /**
   * The proposed strategy means the same as the live one: nothing is (or
   * would be) written and `patch` is empty.
   */
  unchanged?: boolean;
  /** The JSON patch (`application/json-patch+json`) that is (or would be) sent. */
  patch: JsonPatchOperation[];
  /** The whole proposed Rollout as YAML: the file to commit when GitOps manages it. */
  rolloutYaml: string;
  /** Lint of the proposed Rollout; an `error` finding blocks the apply. */
  findings: Finding[];
  /** Objects the new strategy refers to and whether they exist in the cluster. */
  references: StrategyReference[];
  /** YAML of the referenced objects that are missing (generated), to create first. */
  missingObjectsYaml?: string;
  managedByArgoCD: boolean;
  /** The rollout after the change (applied only). */
  rollout?: RolloutSummary;
  /** Argo CD manages the rollout: the change became this pull request (HTTP 202). */
  gitOps?: GitOpsChangeResult;
}
