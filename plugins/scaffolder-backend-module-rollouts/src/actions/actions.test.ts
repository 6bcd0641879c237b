import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  BUILT_IN_STRATEGY_DEFAULTS,
  parseYamlDocuments,
} from '@gradual/plugin-rollouts-common';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { CrdSchemaValidator } from '../validation/crdValidation';
import { CRD_DIRECTORY } from '../__testUtils__/fixtures';
import { createGenerateRolloutConfigAction } from './generateConfig';
import { createLintRolloutConfigAction } from './lintConfig';
import type { RolloutsActionOptions } from './options';

const options: RolloutsActionOptions = {
  defaults: {
    ...BUILT_IN_STRATEGY_DEFAULTS,
    overrides: [{ namespaces: ['prod*'], defaultPreset: 'blue-green-manual' }],
    prometheus: { defaultAddress: 'http://127.0.0.1:19090', clusters: {} },
    judge: { url: 'http://127.0.0.1:7007/api/rollouts/analysis/judge' },
  },
  policies: {
    maxFirstCanaryWeight: 25,
    requireAnalysisInNamespaces: ['prod*'],
    forbidAutoPromotionWithoutPrePromotionAnalysis: true,
    minScaleDownDelaySeconds: 30,
  },
  crdValidator: CrdSchemaValidator.fromDirectory(CRD_DIRECTORY),
};

const input = {
  name: 'user-service',
  image: 'ghcr.io/gradual/user-service:1.2.3',
  port: 8080,
  namespace: 'demo',
  outputDir: 'kubernetes',
};

describe('rollouts:config:generate', () => {
  const workspace = createMockDirectory();
  beforeEach(() => workspace.clear());
  const action = createGenerateRolloutConfigAction(options);

  it('writes the manifests of the default preset and outputs files and findings', async () => {
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('files', [
      'kubernetes/rollout.yaml',
      'kubernetes/services.yaml',
      'kubernetes/ingress.yaml',
      'kubernetes/analysis-templates.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('preset', 'standard-canary');
    expect(ctx.output).toHaveBeenCalledWith('strategy', 'canary');
    expect(ctx.output).toHaveBeenCalledWith('findings', []);
    const rollout = parseYamlDocuments(
      fs.readFileSync(
        path.join(workspace.path, 'kubernetes/rollout.yaml'),
        'utf8',
      ),
    );
    expect(rollout).toHaveLength(1);
    expect(rollout[0].metadata.labels?.['backstage.io/kubernetes-id']).toBe(
      'user-service',
    );
    const templates = parseYamlDocuments(
      fs.readFileSync(
        path.join(workspace.path, 'kubernetes/analysis-templates.yaml'),
        'utf8',
      ),
    );
    expect(templates.map(t => t.metadata.name)).toEqual([
      'success-rate',
      'error-rate',
      'latency-p99',
    ]);
  });

  it('uses the override preset of the namespace', async () => {
    const ctx = createMockActionContext({
      input: { ...input, namespace: 'prod-eu' },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('preset', 'blue-green-manual');
    expect(ctx.output).toHaveBeenCalledWith('strategy', 'blueGreen');
  });

  it('writes into the dry-run workspace in a dry run', async () => {
    // createMockActionContext does not take isDryRun
    const ctx = {
      ...createMockActionContext({
        input: { ...input, preset: 'judge-canary' },
        workspacePath: workspace.path,
        logger: mockServices.logger.mock(),
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(
      fs.existsSync(path.join(workspace.path, 'kubernetes/rollout.yaml')),
    ).toBe(true);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^\[dry run\] Generated 5 objects/),
    );
  });

  it('accepts a custom spec and reports its policy findings', async () => {
    const ctx = createMockActionContext({
      input: {
        ...input,
        spec: {
          strategy: 'canary',
          trafficRouting: { nginx: {} },
          steps: [{ setWeight: 50 }, { pause: {} }],
        },
      },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('preset', 'custom');
    expect(ctx.output).toHaveBeenCalledWith('findings', [
      expect.objectContaining({
        rule: 'max-first-canary-weight',
        severity: 'error',
      }),
    ]);
  });

  it('rejects an invalid custom spec with the reason', async () => {
    const ctx = createMockActionContext({
      input: {
        ...input,
        spec: { strategy: 'canary', steps: [{ setWieght: 10 }] },
      },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "input.spec is not a valid strategy spec: /steps/0 must NOT have additional properties 'setWieght'",
    );
  });

  it('rejects an unknown preset', async () => {
    const ctx = createMockActionContext({
      input: { ...input, preset: 'yolo' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "Unknown strategy preset 'yolo'",
    );
  });

  it('refuses to write outside the workspace', async () => {
    const ctx = createMockActionContext({
      input: { ...input, outputDir: '../escape' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
  });
});

describe('rollouts:config:lint', () => {
  const workspace = createMockDirectory();
  beforeEach(() => workspace.clear());
  const generate = createGenerateRolloutConfigAction(options);
  const lint = createLintRolloutConfigAction(options);

  async function generated(extra: Record<string, unknown> = {}) {
    await generate.handler(
      createMockActionContext({
        input: { ...input, ...extra },
        workspacePath: workspace.path,
      }),
    );
  }

  it('passes generated manifests', async () => {
    await generated();
    const ctx = createMockActionContext({
      input: { directory: 'kubernetes', failOnError: true },
      workspacePath: workspace.path,
    });
    await lint.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('errorCount', 0);
    expect(ctx.output).toHaveBeenCalledWith('findings', []);
  });

  it('fails on policy and schema errors, naming each', async () => {
    await generated();
    const file = path.join(workspace.path, 'kubernetes/rollout.yaml');
    const [rollout] = parseYamlDocuments(
      fs.readFileSync(file, 'utf8'),
    ) as any[];
    rollout.metadata.namespace = 'prod-eu';
    rollout.spec.strategy.canary.steps = [
      { setWeight: 40 },
      { pause: { duration: '5 minutes' } },
      { setWieght: 60 },
    ];
    fs.writeFileSync(file, stringify(rollout));
    const ctx = createMockActionContext({
      input: { directory: 'kubernetes', failOnError: true },
      workspacePath: workspace.path,
    });
    await expect(lint.handler(ctx)).rejects.toThrow(
      [
        'Rollout config has 5 error(s):',
        'ERROR [crd-schema] Rollout/user-service spec.strategy.canary.steps[2].setWieght: unknown field "setWieght"',
        "ERROR [upstream/pause-duration] Rollout/user-service spec.strategy.canary.steps[1].pause.duration: Duration needs to be greater than 0 (got '5 minutes'; use seconds or a duration such as 30s, 5m, 1h)",
        'ERROR [upstream/step-type] Rollout/user-service spec.strategy.canary.steps[2]: Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause',
        "ERROR [require-analysis] Rollout/user-service spec.strategy.canary.steps: Rollouts in namespaces matching 'prod*' need analysis (an analysis step, background analysis, or pre/post-promotion analysis); namespace 'prod-eu' has none",
        'ERROR [max-first-canary-weight] Rollout/user-service spec.strategy.canary.steps[0].setWeight: The first canary step sends 40% of the traffic; the platform allows at most 25%',
      ].join('\n'),
    );
    expect(ctx.output).toHaveBeenCalledWith('errorCount', 5);
  });

  it('only reports when failOnError is false', async () => {
    await generated({
      spec: { strategy: 'canary', steps: [{ setWeight: 80 }] },
    });
    const ctx = createMockActionContext({
      input: {
        files: ['kubernetes/rollout.yaml'],
        failOnError: false,
        directory: 'kubernetes',
      },
      workspacePath: workspace.path,
    });
    await lint.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('errorCount', 1);
  });

  it('names a missing directory', async () => {
    const ctx = createMockActionContext({
      input: { directory: 'nope', failOnError: true },
      workspacePath: workspace.path,
    });
    await expect(lint.handler(ctx)).rejects.toThrow(
      "Directory 'nope' does not exist in the workspace",
    );
  });
});
