/*
 * The shared types of this package against the models generated from the
 * backend's OpenAPI spec (`yarn openapi:generate`): the same fields, with the
 * same types, optionality and nullability, so that neither can change
 * without the other. The checks run when TypeScript compiles this file
 * (`yarn tsc`); a difference is a compile error naming the field, e.g.
 * `".replicaSets[].pods[].restarts: missing in the spec"`.
 */
import type * as Spec from './openapi/generated/models';
import type * as Types from '../types';
import type * as Wait from '../wait';
import type { Finding } from '../policy/types';
import type { GitOpsChangeResult, GitOpsPullRequestsResponse } from '../gitops';
import type {
  DeliveriesResponse,
  DeliveryMetricsResponse,
} from '../deliveries';

type IsAny<T> = 0 extends 1 & T ? true : false;

type OptionalKeys<T> = {
  [K in keyof T]-?: {} extends Pick<T, K> ? K : never;
}[keyof T];

type Optionality<A, B, K, Path extends string> = K extends OptionalKeys<A>
  ? K extends OptionalKeys<B>
    ? never
    : `${Path}: optional in types.ts, required in the spec`
  : K extends OptionalKeys<B>
  ? `${Path}: required in types.ts, optional in the spec`
  : never;

/**
 * `never` when A and B describe the same JSON, else the paths that differ.
 * A schema without a type (`{}`) generates `any`, which matches anything
 * (types.ts says `unknown` there).
 */
type Diff<A, B, Path extends string = ''> = IsAny<A> extends true
  ? never
  : IsAny<B> extends true
  ? never
  : [null] extends [A]
  ? [null] extends [B]
    ? Diff<Exclude<A, null>, Exclude<B, null>, Path>
    : `${Path}: nullable in types.ts only`
  : [null] extends [B]
  ? `${Path}: nullable in the spec only`
  : [A] extends [readonly (infer ItemA)[]]
  ? [B] extends [readonly (infer ItemB)[]]
    ? Diff<ItemA, ItemB, `${Path}[]`>
    : `${Path}: an array in types.ts only`
  : [A] extends [object]
  ? [B] extends [object]
    ?
        | {
            [K in Exclude<keyof A, keyof B> &
              string]: `${Path}.${K}: missing in the spec`;
          }[Exclude<keyof A, keyof B> & string]
        | {
            [K in Exclude<keyof B, keyof A> &
              string]: `${Path}.${K}: missing in types.ts`;
          }[Exclude<keyof B, keyof A> & string]
        | {
            [K in keyof A & keyof B & string]:
              | Optionality<A, B, K, `${Path}.${K}`>
              | Diff<
                  Exclude<A[K], undefined>,
                  Exclude<B[K], undefined>,
                  `${Path}.${K}`
                >;
          }[keyof A & keyof B & string]
    : `${Path}: an object in types.ts only`
  : [A] extends [B]
  ? [B] extends [A]
    ? never
    : `${Path}: the spec allows more values`
  : `${Path}: types.ts allows more values`;

/**
 * `true` when A and B describe the same JSON, else their differences: then
 * `true satisfies Same<A, B>` does not compile, and the error lists them.
 */
type Same<A, B> = [Diff<A, B>] extends [never] ? true : Diff<A, B>;

/** `true` when every A is a valid B (a union the spec flattens), else `false`. */
type Fits<A, B> = [A] extends [B] ? true : false;

const exact = {
  RolloutSummary: true satisfies Same<
    Types.RolloutSummary,
    Spec.RolloutSummary
  >,
  RolloutDetail: true satisfies Same<Types.RolloutDetail, Spec.RolloutDetail>,
  ImageInfo: true satisfies Same<Types.ImageInfo, Spec.ImageInfo>,
  StepProgress: true satisfies Same<
    Types.StepProgress,
    NonNullable<Spec.RolloutSummaryStep>
  >,
  PauseConditionInfo: true satisfies Same<
    Types.PauseConditionInfo,
    Spec.PauseConditionInfo
  >,
  ReplicaCounts: true satisfies Same<Types.ReplicaCounts, Spec.ReplicaCounts>,
  PodInfo: true satisfies Same<Types.PodInfo, Spec.PodInfo>,
  ReplicaSetInfo: true satisfies Same<
    Types.ReplicaSetInfo,
    Spec.ReplicaSetInfo
  >,
  MeasurementInfo: true satisfies Same<
    Types.MeasurementInfo,
    Spec.MeasurementInfo
  >,
  MetricInfo: true satisfies Same<Types.MetricInfo, Spec.MetricInfo>,
  AnalysisJobInfo: true satisfies Same<
    Types.AnalysisJobInfo,
    Spec.AnalysisJobInfo
  >,
  AnalysisRunSummary: true satisfies Same<
    Types.AnalysisRunSummary,
    Spec.AnalysisRunSummary
  >,
  ExperimentSummary: true satisfies Same<
    Types.ExperimentSummary,
    Spec.ExperimentSummary
  >,
  CanaryStepInfo: true satisfies Same<
    Types.CanaryStepInfo,
    Spec.CanaryStepInfo
  >,
  BlueGreenInfo: true satisfies Same<Types.BlueGreenInfo, Spec.BlueGreenInfo>,
  RevisionInfo: true satisfies Same<Types.RevisionInfo, Spec.RevisionInfo>,
  PodTemplateInfo: true satisfies Same<
    Types.PodTemplateInfo,
    Spec.PodTemplateInfo
  >,
  ContainerTemplateInfo: true satisfies Same<
    Types.ContainerTemplateInfo,
    Spec.ContainerTemplateInfo
  >,
  EventInfo: true satisfies Same<Types.EventInfo, Spec.EventInfo>,
  RolloutNetworking: true satisfies Same<
    Types.RolloutNetworking,
    Spec.RolloutNetworking
  >,
  RolloutServiceRef: true satisfies Same<
    Types.RolloutServiceRef,
    Spec.RolloutServiceRef
  >,
  RolloutIngressRef: true satisfies Same<
    Types.RolloutIngressRef,
    Spec.RolloutIngressRef
  >,
  RolloutVirtualServiceRef: true satisfies Same<
    Types.RolloutVirtualServiceRef,
    Spec.RolloutVirtualServiceRef
  >,
  VirtualServiceRouteInfo: true satisfies Same<
    Types.VirtualServiceRouteInfo,
    Spec.VirtualServiceRouteInfo
  >,
  RouteDestinationInfo: true satisfies Same<
    Types.RouteDestinationInfo,
    Spec.RouteDestinationInfo
  >,
  Finding: true satisfies Same<Finding, Spec.Finding>,
  ClusterStatus: true satisfies Same<Types.ClusterStatus, Spec.ClusterStatus>,
  EntityRolloutsResponse: true satisfies Same<
    Types.EntityRolloutsResponse,
    Spec.EntityRolloutsResponse
  >,
  ActionResponse: true satisfies Same<
    Types.ActionResponse,
    Spec.ActionResponse
  >,
  GitOpsChangeResult: true satisfies Same<
    GitOpsChangeResult,
    Spec.GitOpsChangeResult
  >,
  ActionHistoryEntry: true satisfies Same<
    Types.ActionHistoryEntry,
    Spec.ActionHistoryEntry
  >,
  ActionHistoryResponse: true satisfies Same<
    Types.ActionHistoryResponse,
    Spec.ActionHistoryResponse
  >,
  RolloutWaitState: true satisfies Same<
    Wait.RolloutWaitState,
    Spec.RolloutWaitState
  >,
  RolloutWaitResult: true satisfies Same<
    Wait.RolloutWaitResult,
    Spec.RolloutWaitResult
  >,
  GitOpsPullRequestsResponse: true satisfies Same<
    GitOpsPullRequestsResponse,
    Spec.GitOpsPullRequestsResponse
  >,
  RolloutWatchEnd: true satisfies Same<
    Wait.RolloutWatchEnd,
    Spec.RolloutWatchEventEnd
  >,
};

// The NDJSON lines are unions in types.ts; the spec has one object per
// stream with every member's field optional. The strategy answers carry a
// StrategySpec and the policies, which the spec leaves open (the request is
// checked against STRATEGY_SPEC_JSON_SCHEMA); the deliveries answers are
// described inline.
const assignable = {
  StrategyOptionsResponse: true satisfies Fits<
    Types.StrategyOptionsResponse,
    Spec.StrategyOptionsResponse
  >,
  StrategyChangeResponse: true satisfies Fits<
    Types.StrategyChangeResponse,
    Spec.StrategyChangeResponse
  >,
  DeliveriesResponse: true satisfies Fits<
    DeliveriesResponse,
    Spec.ListDeliveries200Response
  >,
  DeliveryMetricsResponse: true satisfies Fits<
    DeliveryMetricsResponse,
    Spec.GetDeliveryMetrics200Response
  >,
  RolloutWaitEvent: true satisfies Fits<
    Wait.RolloutWaitEvent,
    Spec.RolloutWaitEvent
  >,
  RolloutWatchEvent: true satisfies Fits<
    Wait.RolloutWatchEvent,
    Spec.RolloutWatchEvent
  >,
};

describe('the shared types and the OpenAPI spec', () => {
  it.each(Object.entries(exact))(
    '%s has exactly the fields of its schema',
    (_name, checked) => {
      expect(checked).toBe(true);
    },
  );

  it.each(Object.entries(assignable))(
    'every %s is valid against its schema',
    (_name, checked) => {
      expect(checked).toBe(true);
    },
  );
});
