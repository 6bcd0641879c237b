/*
 * The real local cluster for this plugin's cluster tests (never a fake API
 * server), as @gradual/test-utils gets it from the environment, with this
 * plugin's own KubeClient as the admin client (so the tests also see what
 * the plugin's client makes of the API server's answers).
 */
import {
  KubeRequester,
  TestClusterAccess,
  testClusterAccess,
} from '@gradual/test-utils';
import { JsonObject } from '@backstage/types';
import { loadKubeconfigFile } from '../kube/kubeConfig';
import { KubeClient } from '../kube/KubeClient';

export interface TestCluster extends TestClusterAccess {
  /** Admin access, for setting up and inspecting. */
  admin: KubeClient;
}

export async function connectTestCluster(): Promise<TestCluster> {
  const access = testClusterAccess();
  const kubeConfig = loadKubeconfigFile(access.kubeconfigPath);
  return {
    ...access,
    admin: new KubeClient({
      name: 'local',
      kubeConfig,
      url: access.server,
      token: access.adminToken,
      skipTLSVerify: access.skipTLSVerify,
      requestTimeoutMs: 10_000,
    }),
  };
}

export interface DemoAnalysisTemplate {
  apiVersion: string;
  kind: 'AnalysisTemplate';
  metadata: { name: string };
  spec: JsonObject;
}

/**
 * The demo's AnalysisTemplates, read (never changed) from the `demo`
 * namespace of the running cluster, ready to create in another namespace.
 */
export async function demoAnalysisTemplates(
  admin: KubeRequester,
  names: string[],
): Promise<DemoAnalysisTemplate[]> {
  return Promise.all(
    names.map(async name => {
      const { apiVersion, kind, metadata, spec } = await admin.request(
        'GET',
        `/apis/argoproj.io/v1alpha1/namespaces/demo/analysistemplates/${name}`,
      );
      return { apiVersion, kind, metadata: { name: metadata.name }, spec };
    }),
  );
}
