/*
 * kwok plays the kubelet: it marks the fake nodes Ready and the pods bound
 * to them Running/Ready, and finishes pod deletion.
 */
import { statePaths } from '../config';
import { isHealthy } from '../process/probe';
import { Component } from './types';

export const kwok: Component = {
  name: 'kwok',
  readyTimeoutMs: 60_000,
  start: ({ config, binaries }) => ({
    component: 'kwok',
    command: binaries.kwok,
    args: [
      `--kubeconfig=${statePaths(config).adminKubeconfig}`,
      '--manage-all-nodes=true',
      '--cidr=10.244.0.1/16',
      '--node-ip=10.0.0.1',
      `--server-address=${config.host}:${config.ports.kwokMetrics}`,
      '--node-lease-duration-seconds=40',
    ],
    env: { ...process.env, HOME: config.stateDir },
  }),
  isReady: async ({ config }) =>
    isHealthy(`http://${config.host}:${config.ports.kwokMetrics}/healthz`),
};
