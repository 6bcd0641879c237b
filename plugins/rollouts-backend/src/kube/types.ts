import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@gradual/plugin-rollouts-common';

/** Everything needed to talk to one cluster's API server. Never leaves the backend. */
export interface ClusterConnection {
  name: string;
  title?: string;
  /**
   * The client-node config to use (a kubeconfig file's context). When
   * absent, one is built from the fields below.
   */
  kubeConfig?: KubeConfig;
  /** API server base URL, without trailing slash. */
  url: string;
  /** Bearer token (service account or kubeconfig user token). */
  token?: string;
  /** PEM CA bundle. */
  ca?: string;
  /** PEM client certificate and key (kubeconfig users). */
  cert?: string;
  key?: string;
  skipTLSVerify: boolean;
  /** Time limit of a request, and of the first cache sync, in ms. */
  requestTimeoutMs: number;
}

export interface KubeList {
  metadata: { resourceVersion: string; continue?: string };
  items: KubeObject[];
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}
