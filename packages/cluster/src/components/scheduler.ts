/* kube-scheduler: kwok does not bind pods, the real scheduler does. */
import { statePaths } from '../config';
import { isHealthy } from '../process/probe';
import { Component } from './types';

export const scheduler: Component = {
  name: 'kube-scheduler',
  readyTimeoutMs: 60_000,
  start: ({ config, binaries }) => ({
    component: 'kube-scheduler',
    command: binaries.kubeScheduler,
    args: [
      `--kubeconfig=${statePaths(config).adminKubeconfig}`,
      '--leader-elect=false',
      `--bind-address=${config.host}`,
      `--secure-port=${config.ports.scheduler}`,
      '--v=1',
    ],
  }),
  isReady: async ({ config }) =>
    isHealthy(`https://${config.host}:${config.ports.scheduler}/healthz`),
};
