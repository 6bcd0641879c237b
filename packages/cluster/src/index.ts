/**
 * The local Gradual cluster: a real kube-apiserver, controller manager,
 * scheduler, kwok, the real Argo Rollouts controller and Prometheus, on
 * loopback. See README.md.
 *
 * @packageDocumentation
 */
export { ensureClusterUp, ensureGitHostUp } from './ensureClusterUp';
export type { GitHostInfo } from './gitea/localGitHost';
export { GiteaApi, GiteaApiError } from './gitea/giteaApi';
export { GITEA_ORG, DEMO_MANIFEST_PATH } from './gitea/seedGitea';
export {
  up,
  down,
  reset,
  status,
  isUp,
  clusterInfo,
  COMPONENTS,
} from './lifecycle';
export type { ClusterInfo, ComponentStatus } from './lifecycle';
export { loadConfig, statePaths, portEnvName } from './config';
export type { ClusterConfig, ClusterPorts } from './config';
export { waitFor, WaitTimeoutError } from './waitFor';
export type { WaitOptions } from './waitFor';
export { clientsFromKubeconfig } from './kube/clients';
export type { KubeClients } from './kube/clients';
export { applyObjects, readManifests, parseManifests } from './kube/apply';
export { demoManifests, seedDemo, DEMO_SERVICES } from './demo/manifests';
export type { DemoService } from './demo/manifests';
export { setRolloutImage, demoImage } from './demo/setImage';
