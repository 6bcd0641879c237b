import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ARGO_ROLLOUTS_FIXTURES_DIR } from '@gradual/test-utils';
import {
  BUILT_IN_PRESETS,
  generateManifests,
  strategySpecFromRollout,
} from '.';

const fixture = (file: string) =>
  parse(
    fs.readFileSync(
      path.join(ARGO_ROLLOUTS_FIXTURES_DIR, 'info/testdata', file),
      'utf8',
    ),
  );

describe('strategySpecFromRollout', () => {
  it.each(Object.keys(BUILT_IN_PRESETS))('round-trips preset %s', name => {
    const spec = BUILT_IN_PRESETS[name].spec;
    const { objects } = generateManifests(
      spec,
      { name: 'web', image: 'web:1', port: 8080, namespace: 'demo' },
      { prometheusAddress: 'http://p', judge: { url: 'http://j' } },
    );
    const read = strategySpecFromRollout(objects[0]);
    expect(read.unsupported).toEqual([]);
    const expected =
      spec.strategy === 'blueGreen'
        ? {
            ...spec,
            activeService: 'web-active',
            previewService: 'web-preview',
          }
        : {
            ...spec,
            trafficRouting: {
              ...spec.trafficRouting,
              nginx: { stableIngress: 'web', ...spec.trafficRouting?.nginx },
            },
          };
    expect(read.spec).toEqual(expected);
  });

  it('reads a live blue-green rollout', () => {
    expect(
      strategySpecFromRollout(fixture('blue-green/bluegreen-rollout.yaml')),
    ).toEqual({
      spec: {
        strategy: 'blueGreen',
        activeService: 'bluegreen-demo',
        previewService: 'bluegreen-demo-preview',
        autoPromotionEnabled: false,
      },
      unsupported: [],
    });
  });

  it('keeps the steps it does not model as they are', () => {
    const live = fixture('experiment-step/canary-demo.yaml');
    const read = strategySpecFromRollout(live);
    expect(read.spec).toEqual({
      strategy: 'canary',
      steps: live.spec.strategy.canary.steps,
    });
    expect(read.unsupported).toEqual([]);
  });

  it('lists what the spec cannot express', () => {
    const live = fixture('canary/canary-rollout.yaml');
    live.spec.strategy.canary.abortScaleDownDelaySeconds = 0;
    live.spec.strategy.canary.analysis = {
      templates: [{ templateName: 'shared', clusterScope: true }],
      analysisRunMetadata: {},
    };
    live.spec.strategy.canary.steps.push({ newKindOfStep: {} });
    const read = strategySpecFromRollout(live);
    expect(read.spec?.strategy).toBe('canary');
    expect(read.unsupported).toEqual([
      'spec.strategy.canary.abortScaleDownDelaySeconds',
      'spec.strategy.canary.steps[8]',
      'spec.strategy.canary.analysis.templates[0].clusterScope',
      'spec.strategy.canary.analysis.analysisRunMetadata',
    ]);
  });

  it('returns no spec for a rollout without strategy', () => {
    expect(strategySpecFromRollout({ spec: {} })).toEqual({
      spec: undefined,
      unsupported: [],
    });
  });
});
