import type { PodInfo } from '../types';
import type { KubeObject } from './kubeObjects';

/**
 * A pod's status text, ready count and restarts exactly as kubectl's
 * `printPod` (and so `kubectl argo rollouts get rollout`) computes them.
 */
export function getPodInfo(pod: KubeObject): PodInfo {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const sidecars = new Map<string, boolean>();
  for (const c of spec.initContainers ?? []) {
    sidecars.set(c.name, c.restartPolicy === 'Always');
  }
  const totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let restarts = 0;
  let reason: string = status.reason ? status.reason : status.phase ?? '';

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    restarts += container.restartCount ?? 0;
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) {
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
      initializing = true;
    } else if (sidecars.get(container.name) && container.started) {
      if (container.ready) {
        continue;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
      initializing = true;
    }
    break;
  }

  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += container.restartCount ?? 0;
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal
          ? `Signal:${terminated.signal}`
          : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = 'Running';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') {
    reason = 'Unknown';
  } else if (pod.metadata.deletionTimestamp) {
    reason = 'Terminating';
  }

  return {
    name: pod.metadata.name,
    status: reason,
    ready: `${readyContainers}/${totalContainers}`,
    restarts,
    createdAt: pod.metadata.creationTimestamp,
  };
}
