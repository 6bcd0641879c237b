/*
 * kube-controller-manager with only the controllers the demo needs:
 * ReplicaSets (Argo's pods), garbage collection (cascade deletes),
 * namespaces (per-test namespaces go away), jobs, endpoints.
 */
import { statePaths } from '../config';
import { isHealthy } from '../process/probe';
import { Component } from './types';

export const controllerManager: Component = {
  name: 'kube-controller-manager',
  readyTimeoutMs: 60_000,
  start: ({ config, binaries }) => {
    const paths = statePaths(config);
    return {
      component: 'kube-controller-manager',
      command: binaries.kubeControllerManager,
      args: [
        `--kubeconfig=${paths.adminKubeconfig}`,
        '--leader-elect=false',
        '--controllers=replicaset,garbagecollector,namespace,job,endpoint,endpointslice',
        `--bind-address=${config.host}`,
        `--secure-port=${config.ports.controllerManager}`,
        '--use-service-account-credentials=false',
        '--concurrent-replicaset-syncs=5',
        '--v=1',
      ],
    };
  },
  isReady: async ({ config }) =>
    isHealthy(
      `https://${config.host}:${config.ports.controllerManager}/healthz`,
    ),
};
