import type { PodInfo, ReplicaSetInfo, RevisionTag } from '../types';
import type { KubeObject } from './kubeObjects';
import { parseTime } from './kubeObjects';
import {
  EXPERIMENT_TEMPLATE_NAME_ANNOTATION,
  SCALE_DOWN_DEADLINE_ANNOTATION,
  ownerUid,
  parseRevision,
  podTemplateHash,
} from './conventions';
import { getPodInfo } from './podInfo';

/** `getReplicaSetHealth` of the info package: Progressing, ReplicaFailure, ScaledDown or Healthy. */
export function getReplicaSetHealth(rs: KubeObject): string {
  const generation = rs.metadata.generation ?? 0;
  const observed = rs.status?.observedGeneration ?? 0;
  const specReplicas: number | undefined = rs.spec?.replicas;
  if (generation <= observed) {
    const failure = (rs.status?.conditions ?? []).find(
      (c: any) => c?.type === 'ReplicaFailure',
    );
    if (failure && failure.status === 'True') {
      return 'ReplicaFailure';
    } else if (
      typeof specReplicas === 'number' &&
      (rs.status?.availableReplicas ?? 0) < specReplicas
    ) {
      return 'Progressing';
    }
  } else {
    return 'Progressing';
  }
  if (specReplicas === 0) {
    return 'ScaledDown';
  }
  return 'Healthy';
}

/**
 * Role tags of a ReplicaSet inside its rollout, in the order `get rollout`
 * prints them: stable, then canary | active | preview, then ping, pong.
 */
export function replicaSetTags(
  rollout: KubeObject,
  rs: KubeObject,
): RevisionTag[] {
  const hash = podTemplateHash(rs);
  const status = rollout.status ?? {};
  const strategy = rollout.spec?.strategy ?? {};
  const tags: RevisionTag[] = [];
  if (strategy.canary) {
    const pingPong = Boolean(strategy.canary.pingPong);
    const stableIsPing = status.canary?.stablePingPong === 'ping';
    if ((status.stableRS ?? '') === hash) {
      tags.push('stable');
      if (pingPong) tags.push(stableIsPing ? 'ping' : 'pong');
    } else if ((status.currentPodHash ?? '') === hash) {
      tags.push('canary');
      if (pingPong) tags.push(stableIsPing ? 'pong' : 'ping');
    }
  }
  if (strategy.blueGreen) {
    if ((status.stableRS ?? '') === hash) {
      tags.push('stable');
    }
    if ((status.blueGreen?.activeSelector ?? '') === hash) {
      tags.push('active');
    } else if ((status.blueGreen?.previewSelector ?? '') === hash) {
      tags.push('preview');
    }
  }
  return tags;
}

function containerImages(template: any): string[] {
  return (template?.spec?.containers ?? []).map((c: any) =>
    String(c.image ?? ''),
  );
}

function comparePods(a: PodInfo, b: PodInfo): number {
  const ta = parseTime(a.createdAt) ?? 0;
  const tb = parseTime(b.createdAt) ?? 0;
  if (ta !== tb) return ta - tb;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/**
 * `GetReplicaSetInfo`: the ReplicaSets owned (by UID) by `ownerUidValue`,
 * newest revision first, each with its pods. Role tags are only computed for
 * a rollout's ReplicaSets (pass `rollout`), not for an experiment's.
 */
export function getReplicaSetInfos(
  ownerUidValue: string | undefined,
  rollout: KubeObject | undefined,
  allReplicaSets: KubeObject[],
  allPods: KubeObject[],
): ReplicaSetInfo[] {
  if (!ownerUidValue) {
    return [];
  }
  const owners = new Set([ownerUidValue]);
  const infos: Array<ReplicaSetInfo & { uid?: string }> = [];
  for (const rs of allReplicaSets) {
    if (ownerUid(rs, owners) === undefined) {
      continue;
    }
    const template =
      rs.metadata.annotations?.[EXPERIMENT_TEMPLATE_NAME_ANNOTATION];
    const deadline = rs.metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION];
    infos.push({
      uid: rs.metadata.uid,
      name: rs.metadata.name,
      revision: parseRevision(rs),
      podTemplateHash: podTemplateHash(rs),
      status: getReplicaSetHealth(rs),
      tags: rollout ? replicaSetTags(rollout, rs) : [],
      desired: typeof rs.spec?.replicas === 'number' ? rs.spec.replicas : 1,
      current: rs.status?.replicas ?? 0,
      ready: rs.status?.readyReplicas ?? 0,
      available: rs.status?.availableReplicas ?? 0,
      images: containerImages(rs.spec?.template),
      ...(template ? { experimentTemplate: template } : {}),
      ...(deadline ? { scaleDownDeadline: deadline } : {}),
      createdAt: rs.metadata.creationTimestamp,
      pods: [],
    });
  }
  infos.sort((a, b) => {
    if (a.revision !== b.revision) return b.revision - a.revision;
    if (a.name === b.name) return 0;
    return a.name < b.name ? -1 : 1;
  });

  const byUid = new Map<string, ReplicaSetInfo>();
  for (const info of infos) {
    if (info.uid) byUid.set(info.uid, info);
  }
  const rsUids = new Set(byUid.keys());
  for (const pod of allPods) {
    const owner = ownerUid(pod, rsUids);
    if (owner !== undefined) {
      byUid.get(owner)!.pods.push(getPodInfo(pod));
    }
  }
  return infos.map(({ uid: _uid, ...info }) => ({
    ...info,
    pods: [...info.pods].sort(comparePods),
  }));
}
