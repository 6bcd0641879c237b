/*
 * @kubernetes/client-node clients for a kubeconfig file. The package is
 * ESM-only; Node 22 loads it from this CommonJS code through require(esm),
 * and Jest through the Backstage CLI's swc transform of node_modules.
 */
import * as k8s from '@kubernetes/client-node';

export interface KubeClients {
  kubeConfig: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  rbac: k8s.RbacAuthorizationV1Api;
  custom: k8s.CustomObjectsApi;
  objects: k8s.KubernetesObjectApi;
  extensions: k8s.ApiextensionsV1Api;
}

export function clientsFromKubeconfig(file: string): KubeClients {
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(file);
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(k8s.CoreV1Api),
    apps: kubeConfig.makeApiClient(k8s.AppsV1Api),
    rbac: kubeConfig.makeApiClient(k8s.RbacAuthorizationV1Api),
    custom: kubeConfig.makeApiClient(k8s.CustomObjectsApi),
    objects: k8s.KubernetesObjectApi.makeApiClient(kubeConfig),
    extensions: kubeConfig.makeApiClient(k8s.ApiextensionsV1Api),
  };
}

/** HTTP status of a client-node error (1.x: ApiException.code). */
export function errorStatus(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

export function isNotFound(error: unknown): boolean {
  return errorStatus(error) === 404;
}
