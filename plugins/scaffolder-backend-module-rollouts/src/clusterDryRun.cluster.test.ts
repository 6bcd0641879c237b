/*
 * The generated manifests of every preset are accepted by the real API
 * server with the real Argo Rollouts CRDs (`kubectl apply --dry-run=server`,
 * strict field validation). The cluster is the kubeconfig in
 * GRADUAL_KUBECONFIG (a cluster test: the cluster project fails without it).
 */
import {
  BUILT_IN_PRESETS,
  generateManifests,
} from '@gradual/plugin-rollouts-common';
import { spawnSync } from 'node:child_process';
import { TEST_SETTINGS } from './__testUtils__/fixtures';

jest.setTimeout(300_000);

function kubectl(config: string, args: string[], stdin?: string) {
  const result = spawnSync('kubectl', ['--kubeconfig', config, ...args], {
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('generated manifests on the real API server', () => {
  const config = process.env.GRADUAL_KUBECONFIG!;
  const namespace = `gradual-dry-run-${Date.now().toString(36)}`;

  beforeAll(async () => {
    // A server-side dry-run of namespaced objects needs the namespace to exist.
    const created = kubectl(config, ['create', 'namespace', namespace]);
    if (created.status !== 0 && !created.out.includes('AlreadyExists')) {
      throw new Error(`kubectl create namespace failed: ${created.out}`);
    }
  });

  afterAll(() => {
    kubectl(config, ['delete', 'namespace', namespace, '--wait=false']);
  });

  it.each(Object.keys(BUILT_IN_PRESETS))('accepts preset %s', preset => {
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
