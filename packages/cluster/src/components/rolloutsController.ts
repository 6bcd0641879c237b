/*
 * The real Argo Rollouts controller, run out of cluster against the admin
 * kubeconfig, single instance, health and metrics ports moved to loopback
 * ports of our own.
 */
import { statePaths } from '../config';
import { isHealthy } from '../process/probe';
import { Component } from './types';

export const ROLLOUTS_NAMESPACE = 'argo-rollouts';

export const rolloutsController: Component = {
  name: 'rollouts-controller',
  readyTimeoutMs: 90_000,
  start: ({ config, binaries }) => ({
    component: 'rollouts-controller',
    command: binaries.rolloutsController,
    args: [
      `--kubeconfig=${statePaths(config).adminKubeconfig}`,
      '--leader-elect=false',
      `--healthzPort=${config.ports.rolloutsHealthz}`,
      `--metricsport=${config.ports.rolloutsMetrics}`,
      '--loglevel=info',
      '--rollout-resync=60',
    ],
    env: { ...process.env, POD_NAMESPACE: ROLLOUTS_NAMESPACE },
  }),
  isReady: async ({ config }) =>
    isHealthy(`http://127.0.0.1:${config.ports.rolloutsHealthz}/healthz`),
};
