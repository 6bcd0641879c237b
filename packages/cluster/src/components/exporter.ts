/*
 * The demo-workload metrics exporter (src/exporter), run as its own Node
 * process through the package's bin shim.
 */
import path from 'node:path';
import { statePaths } from '../config';
import { isHealthy } from '../process/probe';
import { Component } from './types';

export const exporter: Component = {
  name: 'metrics-exporter',
  readyTimeoutMs: 30_000,
  start: ({ config }) => ({
    component: 'metrics-exporter',
    command: process.execPath,
    args: [
      path.join(config.packageDir, 'bin', 'cluster'),
      'exporter',
      `--kubeconfig=${statePaths(config).adminKubeconfig}`,
      `--listen=${config.host}:${config.ports.exporter}`,
    ],
  }),
  isReady: async ({ config }) =>
    isHealthy(`http://${config.host}:${config.ports.exporter}/healthz`),
};
