import {
  describeCanaryStep,
  getCurrentCanaryStep,
  getCurrentSetWeight,
} from './canarySteps';
import type { KubeObject } from './kubeObjects';

function canary(
  steps: any[],
  status: any = {},
  trafficRouting?: any,
): KubeObject {
  return {
    metadata: { name: 'r', uid: 'r-uid' },
    spec: {
      strategy: {
        canary: { steps, ...(trafficRouting ? { trafficRouting } : {}) },
      },
    },
    status,
  };
}

describe('getCurrentSetWeight', () => {
  const steps = [
    { setWeight: 10 },
    { pause: {} },
    { analysis: { templates: [] } },
    { setWeight: 50 },
  ];

  it('walks back to the last setWeight at or before the current step', () => {
    expect(getCurrentSetWeight(canary(steps, { currentStepIndex: 2 }))).toBe(
      10,
    );
    expect(getCurrentSetWeight(canary(steps, { currentStepIndex: 3 }))).toBe(
      50,
    );
    expect(
      getCurrentSetWeight(
        canary([{ pause: {} }, { setWeight: 5 }], { currentStepIndex: 0 }),
      ),
    ).toBe(0);
  });

  it('treats a missing index as 0, and is the maximum once every step is done', () => {
    expect(getCurrentSetWeight(canary(steps))).toBe(10);
    expect(getCurrentSetWeight(canary(steps, { currentStepIndex: 4 }))).toBe(
      100,
    );
    expect(
      getCurrentSetWeight(
        canary(steps, { currentStepIndex: 4 }, { maxTrafficWeight: 1000 }),
      ),
    ).toBe(1000);
  });

  it('is 0 once aborted', () => {
    expect(
      getCurrentSetWeight(canary(steps, { currentStepIndex: 3, abort: true })),
    ).toBe(0);
  });

  it('reports no current step past the end', () => {
    expect(
      getCurrentCanaryStep(canary(steps, { currentStepIndex: 4 })),
    ).toEqual({ step: undefined, index: 4 });
    expect(getCurrentCanaryStep(canary([]))).toEqual({
      step: undefined,
      index: undefined,
    });
  });
});

describe('describeCanaryStep', () => {
  it.each([
    [{ setWeight: 20 }, 'setWeight', 'Set weight to 20%'],
    [{ pause: {} }, 'pause', 'Pause until promoted'],
    [{ pause: { duration: '1h30m' } }, 'pause', 'Pause for 1h30m'],
    [{ pause: { duration: 90 } }, 'pause', 'Pause for 1m30s'],
    [{ pause: { duration: '45' } }, 'pause', 'Pause for 45s'],
    [
      { analysis: { templates: [{ templateName: 'success-rate' }] } },
      'analysis',
      'Run analysis: success-rate',
    ],
    [
      {
        experiment: {
          duration: '10m',
          templates: [{ name: 'baseline' }],
          analyses: [{ name: 'a', templateName: 'cmp' }],
        },
      },
      'experiment',
      'Run experiment: baseline for 10m with analysis cmp',
    ],
    [
      { setCanaryScale: { replicas: 3 } },
      'setCanaryScale',
      'Scale canary to 3 replicas',
    ],
    [
      { setCanaryScale: { weight: 25 } },
      'setCanaryScale',
      'Scale canary to 25% of replicas',
    ],
    [
      { setCanaryScale: { matchTrafficWeight: true } },
      'setCanaryScale',
      'Scale canary to match the traffic weight',
    ],
    [
      {
        setHeaderRoute: {
          name: 'beta',
          match: [
            { headerName: 'X-User-Tier', headerValue: { exact: 'beta' } },
          ],
        },
      },
      'setHeaderRoute',
      'Send requests with X-User-Tier: beta to the canary',
    ],
    [
      { setHeaderRoute: { name: 'beta' } },
      'setHeaderRoute',
      'Remove header route beta',
    ],
    [
      {
        setMirrorRoute: {
          name: 'm',
          percentage: 30,
          match: [{ method: { exact: 'GET' } }],
        },
      },
      'setMirrorRoute',
      'Mirror 30% of matching traffic to the canary (route m)',
    ],
    [{ plugin: { name: 'acme/gate' } }, 'plugin', 'Run step plugin acme/gate'],
    [{}, 'unknown', 'Unknown step'],
  ])('describes %j', (step, kind, description) => {
    expect(describeCanaryStep(step, 0)).toMatchObject({ kind, description });
  });

  it('keeps the header match for the UI', () => {
    expect(
      describeCanaryStep(
        {
          setHeaderRoute: {
            name: 'beta',
            match: [
              { headerName: 'X-User-Tier', headerValue: { exact: 'beta' } },
            ],
          },
        },
        2,
      ),
    ).toMatchObject({
      index: 2,
      headerMatch: 'X-User-Tier: beta',
      routeName: 'beta',
    });
  });
});
