import { describeRollout } from './describeRollout';
import { summarizeExperiment } from './experimentInfo';
import {
  renderExperimentTree,
  renderRolloutTree,
  scaleDownDelay,
} from './renderTree';
import {
  POD_TEMPLATE_HASH_LABEL,
  SCALE_DOWN_DEADLINE_ANNOTATION,
} from './conventions';
import {
  loadScenario,
  readExpectedOutput,
  rfc3339Seconds,
  ScenarioObjects,
} from '@gradual/test-utils';

/*
 * Conformance with `kubectl argo rollouts get` (the tests of Argo Rollouts' kubectl plugin,
 * https://github.com/argoproj/argo-rollouts/blob/v1.8.5/pkg/kubectl-argo-rollouts/cmd/get/get_test.go):
 * the same fixtures, the same object picks, the same clock handling, the same expected text.
 */

// Upstream takes time.Now() when loading and again when printing; a fixed
// instant with a fractional second reproduces that (e.g. `delay:3h59m`).
const NOW = new Date('2026-08-17T16:21:11.250Z');
const HOUR = 3600 * 1000;

function renderRollout(objects: ScenarioObjects, index: number): string {
  const detail = describeRollout(
    'test',
    {
      rollout: objects.rollouts[index],
      replicaSets: objects.replicaSets,
      pods: objects.pods,
      analysisRuns: objects.analysisRuns,
      experiments: objects.experiments,
    },
    NOW,
  );
  return renderRolloutTree(detail, NOW);
}

/** Sets a scale-down deadline on the preview ReplicaSet and removes its hash label, like upstream. */
function withPreviewScaleDownDeadline(
  objects: ScenarioObjects,
  offsetMs: number,
): ScenarioObjects {
  const previewRs = objects.replicaSets[2];
  expect(previewRs.metadata.name).toBe('bluegreen-demo-74b948fccb');
  previewRs.metadata.annotations = {
    ...previewRs.metadata.annotations,
    [SCALE_DOWN_DEADLINE_ANNOTATION]: rfc3339Seconds(NOW.getTime() + offsetMs),
  };
  delete previewRs.metadata.labels![POD_TEMPLATE_HASH_LABEL];
  return objects;
}

describe('renderRolloutTree conformance with kubectl argo rollouts get rollout', () => {
  const cases: Array<[string, () => string]> = [
    [
      'get-rollout-bluegreen.txt',
      () => renderRollout(loadScenario('blue-green', NOW), 0),
    ],
    [
      'get-rollout-bluegreen-scaledowndelay.txt',
      () =>
        renderRollout(
          withPreviewScaleDownDeadline(
            loadScenario('blue-green', NOW),
            4 * HOUR,
          ),
          0,
        ),
    ],
    [
      'get-rollout-bluegreen-scaledowndelay-passed.txt',
      () =>
        renderRollout(
          withPreviewScaleDownDeadline(
            loadScenario('blue-green', NOW),
            -1 * HOUR,
          ),
          0,
        ),
    ],
    [
      'get-rollout-canary.txt',
      () => renderRollout(loadScenario('canary', NOW), 0),
    ],
    [
      'get-rollout-canary-pingpong.txt',
      () => renderRollout(loadScenario('canary', NOW), 3),
    ],
    [
      'get-rollout-experiment-analysis.txt',
      () => renderRollout(loadScenario('experiment-analysis', NOW), 0),
    ],
    [
      'get-rollout-experiment-step-job.txt',
      () => renderRollout(loadScenario('experiment-step', NOW), 0),
    ],
    [
      'get-rollout-invalid.txt',
      () => renderRollout(loadScenario('rollout-invalid', NOW), 0),
    ],
    [
      'get-rollout-aborted.txt',
      () => renderRollout(loadScenario('rollout-aborted', NOW), 0),
    ],
  ];

  it.each(cases)('reproduces %s', (file, render) => {
    expect(render()).toBe(readExpectedOutput(file));
  });
});

describe('renderExperimentTree conformance with kubectl argo rollouts get experiment', () => {
  it('reproduces get-experiment.txt', () => {
    const objects = loadScenario('experiment-analysis', NOW);
    const experiment = summarizeExperiment(objects.experiments[0], objects);
    expect(renderExperimentTree(experiment, NOW)).toBe(
      readExpectedOutput('get-experiment.txt'),
    );
  });
});

describe('scaleDownDelay', () => {
  it('says passed for a past deadline and the time left otherwise', () => {
    expect(scaleDownDelay('2026-08-17T15:00:00Z', NOW)).toBe('passed');
    expect(scaleDownDelay('2026-08-17T17:21:11Z', NOW)).toBe('59m');
    expect(scaleDownDelay('not a time', NOW)).toBe('');
  });
});
