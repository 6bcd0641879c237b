/*
 * The generated manifests of every preset are accepted by the real API
 * server with the real Argo Rollouts CRDs (`kubectl apply --dry-run=server`,
 * strict field validation). Uses the local cluster of @gradual/local-cluster
 * when it is up, or the kubeconfig in GRADUAL_KUBECONFIG; with
 * GRADUAL_REQUIRE_CLUSTER=1 it starts the local cluster instead of skipping.
 */
import {
  BUILT_IN_PRESETS,
  generateManifests,
} from '@gradual/plugin-rollouts-common';
import { ensureClusterUp, isUp, clusterInfo } from '@gradual/local-cluster';
import { spawnSync } from 'node:child_process';
import { TEST_SETTINGS } from './testUtils/fixtures';

jest.setTimeout(300_000);

async function kubeconfig(): Promise<string | undefined> {
  if (process.env.GRADUAL_KUBECONFIG) return process.env.GRADUAL_KUBECONFIG;
  if (await isUp()) return clusterInfo().kubeconfigPath;
  if (process.env.GRADUAL_REQUIRE_CLUSTER === '1') {
    return (await ensureClusterUp()).kubeconfigPath;
  }
  return undefined;
}

function kubectl(config: string, args: string[], stdin?: string) {
  const result = spawnSync('kubectl', ['--kubeconfig', config, ...args], {
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('generated manifests on the real API server', () => {
  let config: string | undefined;
  const namespace = 'gradual-dry-run';

  beforeAll(async () => {
    config = await kubeconfig();
    if (!config) {
      // eslint-disable-next-line no-console
      console.warn(
        'Skipping server dry-run: the local cluster is not up (yarn cluster up), GRADUAL_KUBECONFIG is not set and GRADUAL_REQUIRE_CLUSTER is not 1',
      );
      return;
    }
    // A server-side dry-run of namespaced objects needs the namespace to exist.
    const created = kubectl(config, ['create', 'namespace', namespace]);
    if (created.status !== 0 && !created.out.includes('AlreadyExists')) {
      throw new Error(`kubectl create namespace failed: ${created.out}`);
    }
  });

  afterAll(() => {
    if (config)
      kubectl(config, ['delete', 'namespace', namespace, '--wait=false']);
  });

  it.each(Object.keys(BUILT_IN_PRESETS))('accepts preset %s', preset => {
    if (!config) return;
    const { yaml, objects } = generateManifests(
      BUILT_IN_PRESETS[preset].spec,
      { name: 'dry-run-service', image: 'nginx:1.27', port: 8080, namespace },
      TEST_SETTINGS,
    );
    const result = kubectl(
      config,
      ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
      yaml,
    );
    expect(result.out).not.toMatch(/^(error|warning)\b/im);
    expect(result.status).toBe(0);
    for (const o of objects) {
      expect(result.out).toContain(
        `/${o.metadata.name} created (server dry run)`,
      );
    }
  });

  it('rejects a generated Rollout with an unknown field, naming it', () => {
    if (!config) return;
    const { objects } = generateManifests(
      BUILT_IN_PRESETS['fast-canary'].spec,
      { name: 'dry-run-service', image: 'nginx:1.27', port: 8080, namespace },
      TEST_SETTINGS,
    );
    const rollout: any = objects[0];
    rollout.spec.strategy.canary.steps[0] = { setWieght: 20 };
    const result = kubectl(
      config,
      ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
      JSON.stringify(rollout),
    );
    expect(result.status).not.toBe(0);
    expect(result.out).toContain('setWieght');
  });
});
