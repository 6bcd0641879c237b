/* etcd from Debian's etcd-server package, single member on loopback. */
import { statePaths } from '../config';
import { isHealthy } from '../process/probe';
import { Component } from './types';

export const etcd: Component = {
  name: 'etcd',
  readyTimeoutMs: 30_000,
  start: ({ config, binaries }) => {
    const { host, ports } = config;
    const client = `http://${host}:${ports.etcdClient}`;
    const peer = `http://${host}:${ports.etcdPeer}`;
    return {
      component: 'etcd',
      command: binaries.etcd,
      args: [
        '--name=gradual',
        `--data-dir=${statePaths(config).etcdData}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=gradual=${peer}`,
        '--listen-metrics-urls=',
        '--logger=zap',
        '--log-outputs=stderr',
        '--quota-backend-bytes=2147483648',
      ],
    };
  },
  isReady: async ({ config }) =>
    isHealthy(`http://${config.host}:${config.ports.etcdClient}/health`),
};
