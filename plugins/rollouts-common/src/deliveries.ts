/*
 * The platform view's contract: every delivery the caller may see across
 * clusters (`GET /deliveries`) and delivery metrics per entity or owner group
 * (`GET /deliveries/metrics`).
 */
import type {
  ClusterStatus,
  RolloutPhase,
  RolloutRef,
  RolloutStrategy,
  StepProgress,
} from './types';

/** The status buckets counted at the top of the Deliveries page. */
export const DELIVERY_STATUSES = [
  'progressing',
  'paused',
  'degraded',
  'healthy',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Columns the list sorts by. */
export const DELIVERY_SORT_KEYS = [
  'name',
  'cluster',
  'namespace',
  'status',
  'owner',
  'system',
  'strategy',
  'updated',
] as const;
export type DeliverySortKey = (typeof DELIVERY_SORT_KEYS)[number];

/** Largest page `GET /deliveries` serves. */
export const MAX_DELIVERIES_PAGE_SIZE = 500;
/** Longest free-text query. */
export const MAX_DELIVERIES_QUERY_LENGTH = 100;

/** The status bucket of a phase. */
export function deliveryStatusOf(phase: RolloutPhase): DeliveryStatus {
  return phase.toLocaleLowerCase('en-US') as DeliveryStatus;
}

/** Why a delivery needs a person to look at it. */
export type DeliveryAttentionReason =
  | 'degraded'
  | 'aborted'
  | 'waiting-for-promotion';

/** An entity a rollout belongs to. */
export interface DeliveryEntity {
  entityRef: string;
  title?: string;
  /** `spec.owner` as an entity ref (group:… / user:…). */
  owner?: string;
  /** `spec.system` as an entity ref. */
  system?: string;
}

export interface DeliveryItem extends RolloutRef {
  clusterTitle?: string;
  strategy: RolloutStrategy;
  phase: RolloutPhase;
  status: DeliveryStatus;
  message: string;
  step: StepProgress | null;
  setWeight: number | null;
  revision: string;
  images: string[];
  aborted: boolean;
  /** Set when a person should act (degraded, aborted, paused without a deadline). */
  attention?: DeliveryAttentionReason;
  /** The entities the rollout belongs to (empty: matched by no entity, admins only). */
  entities: DeliveryEntity[];
  /** Latest condition transition (ISO), the "updated" column. */
  updatedAt?: string;
}

export interface DeliveriesQuery {
  /** Only deliveries that need attention. */
  attention?: boolean;
  status?: DeliveryStatus[];
  cluster?: string[];
  namespace?: string[];
  /** Owner entity refs (`group:default/team-a`). */
  owner?: string[];
  /** System entity refs (`system:default/shop`). */
  system?: string[];
  strategy?: RolloutStrategy[];
  /** Free text: rollout, namespace, cluster, entity, owner, system, image. */
  q?: string;
  sort?: DeliverySortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface DeliveriesResponse {
  items: DeliveryItem[];
  /** Deliveries matching every filter (all pages). */
  total: number;
  offset: number;
  limit: number;
  /**
   * Per status, the deliveries matching every filter but the status and
   * attention ones (the counts at the top); `attention` counts those needing attention.
   */
  counts: Record<DeliveryStatus, number> & { attention: number };
  /** The values the filters accept, from what the caller may see. */
  facets: {
    clusters: string[];
    namespaces: string[];
    owners: string[];
    systems: string[];
  };
  clusters: ClusterStatus[];
}

/** A transition of a rollout the backend observed. */
export const DELIVERY_TRANSITION_KINDS = [
  'started',
  'paused',
  'promoted',
  'aborted',
  'completed',
] as const;
export type DeliveryTransitionKind = (typeof DELIVERY_TRANSITION_KINDS)[number];

export const DELIVERY_ABORT_REASONS = [
  'analysis',
  'manual',
  'progress-deadline',
] as const;
export type DeliveryAbortReason = (typeof DELIVERY_ABORT_REASONS)[number];

export interface DeliveryTransition extends RolloutRef {
  at: string;
  kind: DeliveryTransitionKind;
  revision: string;
  /** Step index for paused / promoted. */
  step?: number | null;
  /**
   * started: `rollback` for an undo; aborted: a {@link DeliveryAbortReason};
   * paused / promoted: `manual` (waits for a person) or `timed`.
   */
  reason?: string;
  /** aborted by analysis: the failed metric; otherwise a message. */
  detail?: string;
  /** Who did it, from the action history. */
  actor?: string;
}

/** Delivery metrics over a period. */
export interface DeliveryMetrics {
  /** New revisions rolled out (rollbacks not included). */
  deployments: number;
  completed: number;
  aborts: number;
  rollbacks: number;
  /** Deployments aborted or rolled back, over deployments (0..1); null without deployments. */
  changeFailureRate: number | null;
  /** From new revision to fully promoted, completed deployments only (ms). */
  leadTimeMs: { median: number | null; p90: number | null; samples: number };
  /** Time paused waiting for a person (indefinite pauses), summed and per pause (ms). */
  manualWaitMs: { total: number; median: number | null; pauses: number };
  abortReasons: Record<DeliveryAbortReason, number>;
  /** Per day (UTC, YYYY-MM-DD), for the charts. */
  daily: Array<{
    day: string;
    deployments: number;
    aborts: number;
    rollbacks: number;
    /** Median lead time of the deployments completed that day (ms). */
    leadTimeMedianMs: number | null;
  }>;
}

export interface DeliveryMetricsResponse {
  /** `entity` or `group` ref the metrics are about, or `all` (everything the caller may see). */
  scope: { type: 'entity' | 'group' | 'all'; ref?: string };
  from: string;
  to: string;
  /** Entities included (those the caller may read). */
  entities: string[];
  metrics: DeliveryMetrics;
}

/** Longest period the metrics endpoint computes over. */
export const MAX_DELIVERY_METRICS_DAYS = 366;
