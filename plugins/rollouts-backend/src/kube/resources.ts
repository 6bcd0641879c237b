import { KubeObject } from '@gradual/plugin-rollouts-common';
import { EMPTY_OBJECT, sharedTree, shareStrings } from './sharing';

/** A watched resource type. */
export interface ResourceType {
  /** Key in the cache. */
  key:
    | 'rollouts'
    | 'replicasets'
    | 'pods'
    | 'analysisruns'
    | 'experiments'
    | 'events'
    | 'services'
    | 'ingresses'
    | 'virtualservices'
    | 'deployments';
  /** API prefix: `/api/v1` or `/apis/<group>/<version>`. */
  prefix: string;
  plural: string;
  /** A missing CRD makes the cluster unhealthy only for required types. */
  required: boolean;
  /**
   * A CRD many clusters do not have (Istio's): while it is not served, the
   * type is `absent` — no problem to report — and checked again now and then.
   */
  ifServed?: boolean;
  /** Narrows the watch server-side. */
  fieldSelector?: string;
  /** Narrows the watch server-side. */
  labelSelector?: string;
}

/**
 * Argo labels every ReplicaSet and pod it manages (rollouts and experiments)
 * with this; watching only those keeps other workloads out of the cache.
 */
export const ROLLOUTS_POD_TEMPLATE_HASH = 'rollouts-pod-template-hash';

export const ROLLOUTS_PREFIX = '/apis/argoproj.io/v1alpha1';

/**
 * The watched types. Events are not watched: only the detail view shows
 * them, and they would be most of what a cached rollout weighs; the detail
 * view reads them when it opens (cache/RolloutEvents.ts). `events` is the
 * key their trim goes by.
 */
export const RESOURCE_TYPES: ResourceType[] = [
  {
    key: 'rollouts',
    prefix: ROLLOUTS_PREFIX,
    plural: 'rollouts',
    required: true,
  },
  {
    key: 'replicasets',
    prefix: '/apis/apps/v1',
    plural: 'replicasets',
    required: true,
    labelSelector: ROLLOUTS_POD_TEMPLATE_HASH,
  },
  {
    key: 'pods',
    prefix: '/api/v1',
    plural: 'pods',
    required: true,
    labelSelector: ROLLOUTS_POD_TEMPLATE_HASH,
  },
  {
    key: 'analysisruns',
    prefix: ROLLOUTS_PREFIX,
    plural: 'analysisruns',
    required: false,
  },
  {
    key: 'experiments',
    prefix: ROLLOUTS_PREFIX,
    plural: 'experiments',
    required: false,
  },
  // Referenced by name from rollouts (canary/stable/active/preview services,
  // nginx/alb ingresses); kept trimmed to what the detail view shows.
  { key: 'services', prefix: '/api/v1', plural: 'services', required: false },
  {
    key: 'ingresses',
    prefix: '/apis/networking.k8s.io/v1',
    plural: 'ingresses',
    required: false,
  },
  // Istio routing: the routes and weights the controller wrote. The version
  // is the one Argo Rollouts writes by default (--istio-api-version).
  {
    key: 'virtualservices',
    prefix: '/apis/networking.istio.io/v1alpha3',
    plural: 'virtualservices',
    required: false,
    ifServed: true,
  },
  // The pod template of a rollout with `spec.workloadRef` (what `get rollout`
  // reads for its containers), kept trimmed to the images.
  {
    key: 'deployments',
    prefix: '/apis/apps/v1',
    plural: 'deployments',
    required: false,
  },
];

/** DNS-1123 subdomain: what Kubernetes accepts as namespace and object names. */
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function isValidObjectName(name: string): boolean {
  return DNS_NAME.test(name) && !name.includes('..');
}

/** Path of one namespaced object (names must be validated first). */
export function objectPath(
  prefix: string,
  plural: string,
  namespace: string,
  name: string,
): string {
  if (!isValidObjectName(namespace) || !isValidObjectName(name)) {
    throw new Error('invalid object name');
  }
  return `${prefix}/namespaces/${encodeURIComponent(
    namespace,
  )}/${plural}/${encodeURIComponent(name)}`;
}

export function rolloutPath(namespace: string, name: string): string {
  return objectPath(ROLLOUTS_PREFIX, 'rollouts', namespace, name);
}

const DROPPED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision-history',
];

const keepImage = (c: any) => ({ name: c.name, image: c.image });

/** A string map (labels, annotations) without the `dropped` keys. */
function withoutKeys(
  m: Record<string, string>,
  dropped: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (!dropped.includes(k)) out[k] = v;
  return out;
}

/** Status parts that are `{}` on most objects (`status.blueGreen` of a canary). */
const emptyShared = (v: unknown) =>
  v && typeof v === 'object' && !Object.keys(v).length ? EMPTY_OBJECT : v;

/** What the status model reads of an owner reference (uid; kind for experiments). */
const keepOwnerReference = (r: any) => ({
  kind: r.kind,
  name: r.name,
  uid: r.uid,
  ...(r.controller ? { controller: true } : {}),
});

/** The event's time, as the status model orders events (newest first). */
const eventTime = (e: any): string | undefined =>
  e.lastTimestamp ??
  e.series?.lastObservedTime ??
  e.eventTime ??
  e.firstTimestamp ??
  e.metadata?.creationTimestamp ??
  undefined;

/** Conditions Argo Rollouts writes with a fixed message (the same on every rollout). */
const FIXED_MESSAGE_CONDITIONS = ['Available', 'Healthy', 'Paused'];

const conditionTime = (c: any): string | undefined =>
  c.lastUpdateTime ?? c.lastTransitionTime;

/**
 * What the status model reads of a rollout's conditions (type, status,
 * reason, message) and the one time the deliveries view reads: the newest
 * update of them all (lastTransitionTime is never later than
 * lastUpdateTime), kept on the condition that has it. Without their times,
 * the fixed-message conditions are one shared instance each.
 */
function trimConditions(conditions: any[]): any[] {
  let newest = -1;
  let newestMs = -Infinity;
  conditions.forEach((c, i) => {
    const ms = Date.parse(conditionTime(c) ?? '');
    if (ms > newestMs) {
      newest = i;
      newestMs = ms;
    }
  });
  return conditions.map((c, i) => {
    if (i === newest)
      return {
        type: c.type,
        status: c.status,
        reason: c.reason,
        message: c.message,
        lastUpdateTime: conditionTime(c),
      };
    const condition = {
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
    };
    return FIXED_MESSAGE_CONDITIONS.includes(c.type)
      ? sharedTree(condition)
      : condition;
  });
}

function pickMetadata(obj: KubeObject): KubeObject['metadata'] {
  const m = obj.metadata;
  return {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    labels: m.labels,
    ownerReferences: m.ownerReferences,
    creationTimestamp: m.creationTimestamp,
  };
}

/**
 * Keeps what the status model and the actions need, drops the rest
 * (managedFields, last-applied annotation, pod spec noise), to keep the
 * cache small at thousands of rollouts.
 */
export function trimObject(
  type: ResourceType['key'],
  obj: KubeObject,
): KubeObject {
  return shareStrings(trimFields(type, obj));
}

function trimFields(type: ResourceType['key'], obj: KubeObject): KubeObject {
  const {
    managedFields,
    selfLink,
    name,
    namespace,
    uid,
    resourceVersion,
    generation,
    creationTimestamp,
    labels,
    annotations,
    ownerReferences,
    ...otherMetadata
  } = obj.metadata as any;
  // One literal with the usual fields: its object holds them in place (an
  // object rest then added to would need a separate property array).
  const metadata = {
    name,
    namespace,
    uid,
    resourceVersion,
    generation,
    creationTimestamp,
    labels,
    // The same few revision annotations on every rollout and ReplicaSet.
    annotations:
      annotations && sharedTree(withoutKeys(annotations, DROPPED_ANNOTATIONS)),
    ownerReferences: ownerReferences?.map(keepOwnerReference),
    ...otherMetadata,
  };
  const trimmed: KubeObject = { ...obj, metadata };
  if (type === 'rollouts' && obj.spec) {
    // Rollouts of one application (and of one fleet, often) have the same
    // strategy and pod spec: one shared instance each.
    const { template } = obj.spec;
    trimmed.spec = {
      ...obj.spec,
      ...(obj.spec.strategy ? { strategy: sharedTree(obj.spec.strategy) } : {}),
      ...(template
        ? { template: { ...template, spec: sharedTree(template.spec) } }
        : {}),
    };
  }
  if (type === 'rollouts' && obj.status) {
    // A copy of the same shape, its fields replaced (not added to).
    const status = { ...obj.status };
    if (status.blueGreen) status.blueGreen = emptyShared(status.blueGreen);
    if (status.canary) status.canary = emptyShared(status.canary);
    if (status.conditions)
      status.conditions = trimConditions(status.conditions);
    // The label selector string Argo writes for the HPA (`app=<name>`): one
    // per rollout, read by nothing here. Cleared, not deleted: deleting
    // would turn the object into a slower, larger dictionary.
    if (status.selector !== undefined) status.selector = undefined;
    trimmed.status = status;
  }
  if (type === 'pods' && obj.spec) {
    const keepContainer = (c: any) => ({ name: c.name, image: c.image });
    // The pods of one ReplicaSet on one node have the same: one instance.
    trimmed.spec = sharedTree({
      nodeName: obj.spec.nodeName,
      containers: (obj.spec.containers ?? []).map(keepContainer),
      initContainers: obj.spec.initContainers?.map(keepContainer),
    });
    if (obj.status) {
      const { conditions, ...status } = obj.status;
      trimmed.status = {
        ...status,
        conditions: conditions?.map((c: any) => ({
          type: c.type,
          status: c.status,
          reason: c.reason,
        })),
      };
    }
  }
  if (type === 'deployments') {
    const podSpec = obj.spec?.template?.spec ?? {};
    return {
      metadata: pickMetadata(obj),
      spec: {
        template: {
          metadata: obj.spec?.template?.metadata,
          spec: sharedTree({
            containers: (podSpec.containers ?? []).map(keepImage),
            initContainers: podSpec.initContainers?.map(keepImage),
          }),
        },
      },
    };
  }
  if (type === 'replicasets' && obj.spec?.template?.spec) {
    // Undo needs the full pod template: read it live at decision time. Kept
    // here: what the revision diff compares (images, command, args, env,
    // resources, ports).
    const podSpec = obj.spec.template.spec;
    const keepContainer = (c: any) => ({
      name: c.name,
      image: c.image,
      command: c.command,
      args: c.args,
      env: c.env,
      resources: c.resources,
      ports: c.ports,
    });
    // The selector and template labels repeat the rollout's: not read here.
    const { selector, ...spec } = obj.spec;
    // The pod spec repeats across the ReplicaSets of one application, and
    // so does the status of the scaled-down ones.
    trimmed.spec = {
      ...spec,
      template: sharedTree({
        spec: {
          containers: (podSpec.containers ?? []).map(keepContainer),
          initContainers: podSpec.initContainers?.map(keepContainer),
        },
      }),
    };
    if (obj.status) trimmed.status = sharedTree(obj.status);
  }
  if (type === 'virtualservices') {
    return {
      metadata: pickMetadata(obj),
      spec: {
        hosts: obj.spec?.hosts,
        http: obj.spec?.http?.map((r: any) => ({
          name: r.name,
          match: r.match,
          route: r.route?.map((d: any) => ({
            destination: d.destination,
            weight: d.weight,
          })),
          mirror: r.mirror,
          mirrorPercentage: r.mirrorPercentage,
        })),
      },
    };
  }
  if (type === 'services') {
    return {
      metadata: pickMetadata(obj),
      spec: {
        type: obj.spec?.type,
        selector: obj.spec?.selector,
        ports: obj.spec?.ports?.map((p: any) => ({
          name: p.name,
          port: p.port,
          targetPort: p.targetPort,
          protocol: p.protocol,
        })),
      },
    };
  }
  if (type === 'ingresses') {
    const canaryAnnotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj.metadata.annotations ?? {})) {
      if (k.startsWith('nginx.ingress.kubernetes.io/canary'))
        canaryAnnotations[k] = v;
    }
    return {
      metadata: { ...pickMetadata(obj), annotations: canaryAnnotations },
      spec: {
        ingressClassName: obj.spec?.ingressClassName,
        rules: obj.spec?.rules?.map((r: any) => ({
          host: r.host,
          paths: r.http?.paths?.map((p: any) => ({
            path: p.path,
            service: p.backend?.service?.name,
          })),
        })),
      },
    };
  }
  if (type === 'events') {
    // What getRolloutEvents reads, with its defaults left out (type Normal,
    // count 1) and the one time it orders by.
    const involved: any = obj.involvedObject ?? obj.regarding ?? {};
    const count = obj.count ?? (obj.series as any)?.count;
    const time = eventTime(obj);
    return {
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      involvedObject: involved.uid
        ? { kind: involved.kind, name: involved.name, uid: involved.uid }
        : {
            kind: involved.kind,
            name: involved.name,
            namespace: involved.namespace,
          },
      ...(obj.type && obj.type !== 'Normal' ? { type: obj.type } : {}),
      reason: obj.reason,
      message: obj.message ?? obj.note,
      ...(count !== undefined && count !== 1 ? { count } : {}),
      ...(time ? { lastTimestamp: time } : {}),
    };
  }
  return trimmed;
}
