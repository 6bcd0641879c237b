/*
 * The typed strategy spec: what a platform team writes in `rollouts.defaults`
 * presets and what a developer edits in the change-strategy dialog. It is a
 * small, friendly subset of Argo's `spec.strategy`; `generateManifests` and
 * `strategyToArgo` turn it into the real Argo Rollouts fields.
 */

/**
 * A duration as Argo accepts it for `pause.duration`: a number of seconds, or
 * a Go duration string such as `30s`, `5m`, `1h30m` (a bare number string is
 * read as seconds).
 */
export type DurationValue = number | string;

/** A reference to analysis templates plus the run arguments to pass. */
export interface AnalysisSpec {
  /** Names of (namespace-scoped) AnalysisTemplates, e.g. `success-rate`. */
  templates: string[];
  /** Extra run arguments by name (the generator adds namespace, rollout and hashes). */
  args?: Record<string, string>;
}

/** Background analysis of a canary, running from `startingStep` on. */
export interface BackgroundAnalysisSpec extends AnalysisSpec {
  startingStep?: number;
}

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface SetWeightStep {
  setWeight: number;
}
/** A pause; without a duration it waits for a manual promote. */
export interface PauseStep {
  pause: { duration?: DurationValue };
}
export interface AnalysisStep {
  analysis: AnalysisSpec;
}
export interface SetCanaryScaleStep {
  setCanaryScale: {
    weight?: number;
    replicas?: number;
    matchTrafficWeight?: boolean;
  };
}
/** One header condition of a header route: all of a route's conditions must hold. */
export interface HeaderRouteMatch {
  headerName: string;
  headerValue: StringMatch;
}

/**
 * Routes requests that carry a header to the canary (Argo `setHeaderRoute`).
 * Argo supports it with Istio, ALB, Apisix and traffic-router plugins only and
 * needs the route name in `trafficRouting.managedRoutes`; with nginx use
 * `trafficRouting.nginx.headerSegment` instead. Without `match` the step
 * removes the route again.
 */
export interface SetHeaderRouteStep {
  setHeaderRoute: {
    name: string;
    match?: HeaderRouteMatch[];
  };
}

/** A request condition of a mirror route (Argo `RouteMatch`). */
export interface MirrorRouteMatch {
  method?: StringMatch;
  path?: StringMatch;
  headers?: Record<string, StringMatch>;
}

/**
 * Copies matching requests to the canary, whose answers are dropped (Argo
 * `setMirrorRoute`; Istio and plugins). `percentage` of the matching
 * requests is mirrored (default 100). Without `match` the step removes the
 * route again. Needs the route name in `trafficRouting.managedRoutes`.
 */
export interface SetMirrorRouteStep {
  setMirrorRoute: {
    name: string;
    match?: MirrorRouteMatch[];
    percentage?: number;
  };
}

/**
 * Argo steps the editor does not model field by field (`experiment`,
 * `plugin`): read from a live rollout and written back unchanged, so that a
 * change of the other steps keeps them in place.
 */
export interface ExperimentStep {
  experiment: Record<string, unknown>;
}
export interface PluginStep {
  plugin: Record<string, unknown>;
}

export type CanaryStep =
  | SetWeightStep
  | PauseStep
  | AnalysisStep
  | SetCanaryScaleStep
  | SetHeaderRouteStep
  | ExperimentStep
  | SetMirrorRouteStep
  | PluginStep;

/**
 * A user segment that the nginx canary Ingress sends to the canary regardless
 * of weight: `nginx.ingress.kubernetes.io/canary-by-header` (+ `-value` or
 * `-pattern`). Example: `{ header: 'X-User-Tier', value: 'beta' }`.
 */
export interface HeaderSegmentSpec {
  header: string;
  value?: string;
  pattern?: string;
}

export interface NginxRoutingSpec {
  /** Stable Ingress name; defaults to the service name. */
  stableIngress?: string;
  /** Host of the generated Ingress; defaults to `<name>.<namespace>.local`. */
  host?: string;
  /** Ingress class of the generated Ingress; defaults to `nginx`. */
  ingressClassName?: string;
  headerSegment?: HeaderSegmentSpec;
  /** Copied to `additionalIngressAnnotations` (keys without the nginx prefix). */
  additionalIngressAnnotations?: Record<string, string>;
}

/** A VirtualService whose HTTP routes Argo rewrites (weights, managed routes). */
export interface IstioVirtualServiceSpec {
  name: string;
  /** Names of the HTTP routes that split traffic; may be left out when the VirtualService has one route. */
  routes?: string[];
}

/**
 * Istio host-level traffic splitting: the VirtualService routes to the stable
 * and canary Services. Argo names either one VirtualService or several; the
 * spec keeps the form the rollout has.
 */
export interface IstioRoutingSpec {
  virtualService?: IstioVirtualServiceSpec;
  virtualServices?: IstioVirtualServiceSpec[];
}

export interface TrafficRoutingSpec {
  nginx?: NginxRoutingSpec;
  istio?: IstioRoutingSpec;
  /** Route names that `setHeaderRoute` steps may use (Argo `managedRoutes`). */
  managedRoutes?: string[];
  /** Total weight (default 100); Argo supports it with nginx and plugins. */
  maxTrafficWeight?: number;
}

export interface CanaryStrategySpec {
  strategy: 'canary';
  steps: CanaryStep[];
  /** Without traffic routing the weight is approximated by replica counts. */
  trafficRouting?: TrafficRoutingSpec;
  backgroundAnalysis?: BackgroundAnalysisSpec;
  /** Scale-down delay of the old canary/stable ReplicaSet (traffic routing only). */
  scaleDownDelaySeconds?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
}

export interface BlueGreenStrategySpec {
  strategy: 'blueGreen';
  /** Service names; default `<name>-active` / `<name>-preview`. */
  activeService?: string;
  previewService?: string;
  /** Default true in Argo; false waits for a manual promote. */
  autoPromotionEnabled?: boolean;
  /** Promote automatically this many seconds after the preview is ready. */
  autoPromotionSeconds?: number;
  prePromotionAnalysis?: AnalysisSpec;
  postPromotionAnalysis?: AnalysisSpec;
  /** Seconds the old ReplicaSet stays up after the switch (Argo default 30). */
  scaleDownDelaySeconds?: number;
  previewReplicaCount?: number;
}

export type StrategySpec = CanaryStrategySpec | BlueGreenStrategySpec;

/** What the generator needs to know about the service being rolled out. */
export interface ServiceInputs {
  /** Rollout and base Service name; also the `backstage.io/kubernetes-id`. */
  name: string;
  image: string;
  /** Container and Service port. */
  port: number;
  namespace: string;
  /** Default 3. */
  replicas?: number;
  /** e.g. `dev`, `staging`, `production`; written as the `gradual.dev/environment` label. */
  environment?: string;
}

/** Thresholds of the built-in analysis templates. */
export interface AnalysisThresholds {
  /** `success-rate` passes when the non-5xx ratio is at least this (default 0.99). */
  successRate: number;
  /** `error-rate` passes when the 5xx ratio is at most this (default 0.01). */
  errorRate: number;
  /** `latency-p99` passes when p99 latency in seconds is at most this (default 0.5). */
  latencyP99Seconds: number;
  /** Query window and measurement interval (default `1m`). */
  interval: string;
  /** Number of measurements per run (default 5). */
  count: number;
  /** Failed measurements tolerated (default 1). */
  failureLimit: number;
}

/** Where the canary judge lives and how Argo authenticates to it. */
export interface CanaryJudgeSettings {
  /** Full URL of the judge endpoint, e.g. `http://backstage:7007/api/rollouts/analysis/judge`. */
  url: string;
  /** Secret (in the rollout's namespace) holding the external-access token. */
  tokenSecret?: { name: string; key: string };
  /** Window the judge compares over (template arg `window`), e.g. `5m`. */
  window?: string;
}

/** Platform settings that end up in the generated AnalysisTemplates. */
export interface GeneratorSettings {
  /** Prometheus address reachable from the Argo Rollouts controller. */
  prometheusAddress: string;
  /** Cluster name, passed to the judge. */
  cluster?: string;
  thresholds?: Partial<AnalysisThresholds>;
  judge?: CanaryJudgeSettings;
}

/** A Kubernetes object as plain data. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
