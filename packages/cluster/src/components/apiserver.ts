/*
 * kube-apiserver: static token authentication, RBAC, no ServiceAccount and
 * TaintNodesByCondition admission (there is no node lifecycle controller).
 */
import { statePaths } from '../config';
import { isHealthy } from '../process/probe';
import { Component } from './types';

export const apiserver: Component = {
  name: 'kube-apiserver',
  readyTimeoutMs: 90_000,
  start: ({ config, binaries }) => {
    const paths = statePaths(config);
    const { host, ports } = config;
    return {
      component: 'kube-apiserver',
      command: binaries.kubeApiserver,
      args: [
        `--etcd-servers=http://${host}:${ports.etcdClient}`,
        `--bind-address=${host}`,
        `--advertise-address=${host}`,
        `--secure-port=${ports.apiserver}`,
        `--cert-dir=${paths.pki}`,
        `--token-auth-file=${paths.tokensCsv}`,
        '--authorization-mode=RBAC',
        '--anonymous-auth=true',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${paths.serviceAccountKey}`,
        `--service-account-signing-key-file=${paths.serviceAccountKey}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--allow-privileged=true',
        '--disable-admission-plugins=ServiceAccount,TaintNodesByCondition',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
        '--v=1',
      ],
    };
  },
  isReady: async ({ config }) =>
    isHealthy(`https://${config.host}:${config.ports.apiserver}/readyz`),
};
