/*
 * Test helpers shared by the workspace packages: the real local cluster and
 * Git host as the environment gives them, loopback fault injectors, and the
 * upstream Argo Rollouts fixtures.
 */
export {
  integrationEnabled,
  missingEnv,
  requiredEnv,
  testPrometheusUrl,
} from './env';
export { waitUntil } from './waitUntil';
export {
  apiServerAddress,
  clusterEntry,
  testClusterAccess,
} from './cluster/testClusterAccess';
export type { TestClusterAccess } from './cluster/testClusterAccess';
export {
  TestKubeClient,
  TestKubeError,
  connectTestCluster,
} from './cluster/TestKubeClient';
export type {
  KubeRequestOptions,
  KubeRequester,
  TestCluster,
} from './cluster/TestKubeClient';
export {
  TEST_NAMESPACE_LABEL,
  createNamespace,
  deleteNamespace,
  testNamespace,
} from './cluster/namespaces';
export {
  ROLLOUTS_API,
  createRollout,
  entityFor,
  getRollout,
  namespaceVersions,
  rolloutManifest,
} from './cluster/argoRollouts';
export type { RolloutObject } from './cluster/argoRollouts';
export { blackHole, freePort, refusedPort } from './network/loopback';
export type { CountingListener } from './network/loopback';
export { TcpProxy } from './network/TcpProxy';
export {
  GIT_HOST_ENV,
  gitHostIntegrations,
  requireGitHost,
} from './gitHost/requireGitHost';
export type { GitHost } from './gitHost/requireGitHost';
export { GitHostClient, GitHostError } from './gitHost/GitHostClient';
export {
  ARGO_ROLLOUTS_FIXTURES_DIR,
  CRD_DIR,
  INFO_TESTDATA_DIR,
  loadScenario,
  readExpectedOutput,
  rfc3339Seconds,
} from './fixtures/argoRolloutsFixtures';
export type {
  FixtureObject,
  ScenarioObjects,
} from './fixtures/argoRolloutsFixtures';
