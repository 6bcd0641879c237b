import {
  BUILT_IN_PRESETS,
  generateManifests,
} from '@gradual/plugin-rollouts-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CrdSchemaValidator } from './crdValidation';
import {
  CRD_DIRECTORY,
  TEST_SERVICE,
  TEST_SETTINGS,
} from '../__testUtils__/fixtures';

const validator = CrdSchemaValidator.fromDirectory(CRD_DIRECTORY);

function generatedRollout(): any {
  return generateManifests(
    BUILT_IN_PRESETS['standard-canary'].spec,
    TEST_SERVICE,
    TEST_SETTINGS,
  ).objects[0];
}

describe('CrdSchemaValidator', () => {
  it('knows the Argo Rollouts kinds', () => {
    expect(validator.knownKinds()).toEqual(
      expect.arrayContaining([
        'argoproj.io/v1alpha1/Rollout',
        'argoproj.io/v1alpha1/AnalysisTemplate',
        'argoproj.io/v1alpha1/ClusterAnalysisTemplate',
        'argoproj.io/v1alpha1/AnalysisRun',
        'argoproj.io/v1alpha1/Experiment',
      ]),
    );
  });

  it.each(Object.keys(BUILT_IN_PRESETS))(
    'accepts the generated Rollout and AnalysisTemplates of preset %s',
    preset => {
      const { objects } = generateManifests(
        BUILT_IN_PRESETS[preset].spec,
        TEST_SERVICE,
        TEST_SETTINGS,
      );
      const checked = objects.filter(o =>
        o.apiVersion.startsWith('argoproj.io'),
      );
      expect(checked.length).toBeGreaterThan(1);
      for (const object of checked) {
        expect({ kind: object.kind, ...validator.validate(object) }).toEqual({
          kind: object.kind,
          checked: true,
          valid: true,
          violations: [],
        });
      }
    },
  );

  it('reads an object served by a cluster (with status) as strict field validation does', () => {
    const fixture = parse(
      fs.readFileSync(
        path.resolve(
          CRD_DIRECTORY,
          '../info/testdata/canary/canary-rollout.yaml',
        ),
        'utf8',
      ),
    );
    // The only problem is the `creationTimestamp: null` that Go clients write
    // into the pod template: the CRD schema has no such field, so the API
    // server prunes it (or rejects it with fieldValidation=Strict).
    expect(validator.validate(fixture).violations).toEqual([
      {
        path: 'spec.template.metadata.creationTimestamp',
        message: 'unknown field "creationTimestamp"',
      },
    ]);
  });

  it('names unknown fields, wrong types and missing fields', () => {
    const rollout = generatedRollout();
    rollout.spec.strategy.canary.steps[0] = { setWieght: 10 };
    rollout.spec.replicas = 'three';
    rollout.spec.strategy.canary.steps[1].pause.duration = true;
    delete rollout.spec.template.spec.containers[0].name;
    const result = validator.validate(rollout);
    expect(result.valid).toBe(false);
    expect(result.violations).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.strategy.canary.steps[0].setWieght',
          message: 'unknown field "setWieght"',
        },
        { path: 'spec.replicas', message: 'must be integer' },
        {
          path: 'spec.strategy.canary.steps[1].pause.duration',
          message: 'must be an integer or a string',
        },
        {
          path: 'spec.template.spec.containers[0].name',
          message: 'Required value',
        },
      ]),
    );
  });

  it('checks int32 formats', () => {
    const rollout = generatedRollout();
    rollout.spec.replicas = 2 ** 40;
    expect(validator.validate(rollout).violations).toEqual([
      { path: 'spec.replicas', message: 'must match format "int32"' },
    ]);
  });

  it('does not check kinds it has no CRD for', () => {
    expect(validator.validate({ apiVersion: 'v1', kind: 'Service' })).toEqual({
      checked: false,
      valid: true,
      violations: [],
    });
  });
});
