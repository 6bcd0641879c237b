import type { KubeConfig } from '@kubernetes/client-node';

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

/** The minimum of a Kubernetes object the backend relies on. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{
      uid: string;
      kind: string;
      name: string;
      controller?: boolean;
    }>;
    creationTimestamp?: string;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

export interface KubeList {
  metadata: { resourceVersion: string; continue?: string };
  items: KubeObject[];
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}
