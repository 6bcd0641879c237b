import type { Entity } from '@backstage/catalog-model';
import type {
  ActionHistoryResponse,
  AnalysisRunSummary,
  EntityRolloutsResponse,
  RolloutDetail,
  RolloutSummary,
  StrategyChangeResponse,
  StrategyOptionsResponse,
  StrategySpec,
} from '@gradual/plugin-rollouts-common';
import {
  BUILT_IN_PRESETS,
  analysisToArgo,
  planStrategyChange,
} from '@gradual/plugin-rollouts-common';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'user-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'user-service' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

export const entityWithoutAnnotations: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'plain-service', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

export const ENTITY_REF = 'component:default/user-service';

const NOW = Date.now();
const iso = (offsetSeconds: number) =>
  new Date(NOW + offsetSeconds * 1000).toISOString();

export const canarySummary: RolloutSummary = {
  cluster: 'local',
  clusterTitle: 'Local cluster',
  namespace: 'apps',
  name: 'user-service',
  uid: 'uid-1',
  strategy: 'canary',
  phase: 'Paused',
  message: 'CanaryPauseStep',
  step: { index: 1, count: 4 },
  setWeight: 10,
  actualWeight: 10,
  revision: '2',
  currentPodHash: 'hash-2',
  stablePodHash: 'hash-1',
  images: [
    { image: 'registry.local/user-service:1.0.0', tags: ['stable'] },
    { image: 'registry.local/user-service:1.1.0', tags: ['canary'] },
  ],
  replicas: { desired: 4, current: 5, updated: 1, ready: 5, available: 5 },
  paused: false,
  aborted: false,
  pauseConditions: [
    { reason: 'CanaryPauseStep', startTime: iso(-30), deadline: iso(90) },
  ],
  resourceVersion: '1001',
  generation: 7,
  createdAt: iso(-86400),
};

export const successRateRun: AnalysisRunSummary = {
  name: 'user-service-2-1',
  namespace: 'apps',
  phase: 'Running',
  revision: 2,
  kind: 'background',
  createdAt: iso(-60),
  metrics: [
    {
      name: 'success-rate',
      phase: 'Running',
      successCondition: 'result[0] >= 0.99',
      failureLimit: 1,
      inconclusiveLimit: 0,
      consecutiveErrorLimit: 4,
      interval: '30s',
      provider: {
        type: 'prometheus',
        address: 'http://prometheus:9090',
        query: 'sum(rate(http_requests_total{code!~"5.."}[1m]))',
      },
      counts: {
        measured: 2,
        successful: 2,
        failed: 0,
        inconclusive: 0,
        error: 0,
        consecutiveError: 0,
      },
      measurements: [
        {
          phase: 'Successful',
          value: '[0.995]',
          startedAt: iso(-60),
          finishedAt: iso(-59),
        },
        {
          phase: 'Successful',
          value: '[0.999]',
          startedAt: iso(-30),
          finishedAt: iso(-29),
        },
      ],
    },
  ],
};

export const canaryDetail: RolloutDetail = {
  ...canarySummary,
  steps: [
    {
      index: 0,
      kind: 'setWeight',
      description: 'Set weight to 10%',
      state: 'done',
      weight: 10,
    },
    {
      index: 1,
      kind: 'pause',
      description: 'Pause for 2m',
      state: 'current',
      durationSeconds: 120,
    },
    {
      index: 2,
      kind: 'analysis',
      description: 'Run analysis success-rate',
      state: 'pending',
      templates: ['success-rate'],
    },
    {
      index: 3,
      kind: 'setWeight',
      description: 'Set weight to 50%',
      state: 'pending',
      weight: 50,
    },
  ],
  canaryTraffic: {
    stableWeight: 90,
    canaryWeight: 10,
    trafficRouting: 'nginx',
  },
  revisions: [
    {
      revision: 2,
      podTemplateHash: 'hash-2',
      images: ['registry.local/user-service:1.1.0'],
      tags: ['canary'],
      current: true,
      replicaSets: [
        {
          name: 'user-service-hash-2',
          revision: 2,
          podTemplateHash: 'hash-2',
          status: 'Healthy',
          tags: ['canary'],
          desired: 1,
          current: 1,
          ready: 1,
          available: 1,
          images: ['registry.local/user-service:1.1.0'],
          pods: [
            {
              name: 'user-service-hash-2-aaaaa',
              status: 'Running',
              ready: '1/1',
              restarts: 0,
            },
          ],
        },
      ],
      analysisRuns: [successRateRun],
      experiments: [],
    },
    {
      revision: 1,
      podTemplateHash: 'hash-1',
      images: ['registry.local/user-service:1.0.0'],
      tags: ['stable'],
      current: false,
      replicaSets: [
        {
          name: 'user-service-hash-1',
          revision: 1,
          podTemplateHash: 'hash-1',
          status: 'Healthy',
          tags: ['stable'],
          desired: 4,
          current: 4,
          ready: 4,
          available: 4,
          images: ['registry.local/user-service:1.0.0'],
          pods: [
            {
              name: 'user-service-hash-1-bbbbb',
              status: 'Running',
              ready: '1/1',
              restarts: 1,
            },
          ],
        },
      ],
      analysisRuns: [],
      experiments: [],
    },
  ],
  analysisRuns: [successRateRun],
  experiments: [],
  events: [],
  containers: [{ name: 'app', image: 'registry.local/user-service:1.1.0' }],
};

export const blueGreenSummary: RolloutSummary = {
  ...canarySummary,
  name: 'payments-service',
  uid: 'uid-2',
  strategy: 'blueGreen',
  phase: 'Paused',
  message: 'BlueGreenPause',
  step: null,
  setWeight: null,
  actualWeight: null,
  images: [
    { image: 'registry.local/payments:2.0.0', tags: ['active', 'stable'] },
    { image: 'registry.local/payments:2.1.0', tags: ['preview'] },
  ],
  pauseConditions: [{ reason: 'BlueGreenPause', startTime: iso(-10) }],
};

export const blueGreenDetail: RolloutDetail = {
  ...blueGreenSummary,
  steps: [],
  blueGreen: {
    activeService: 'payments-active',
    previewService: 'payments-preview',
    activePodHash: 'bg-1',
    previewPodHash: 'bg-2',
    autoPromotionEnabled: true,
    autoPromotionSeconds: 300,
    autoPromotionAt: iso(290),
    scaleDownDelaySeconds: 30,
    prePromotionAnalysis: {
      templates: ['smoke'],
      run: 'payments-2-pre',
      status: 'Successful',
    },
    postPromotionAnalysis: { templates: ['success-rate'] },
  },
  revisions: [
    {
      revision: 2,
      podTemplateHash: 'bg-2',
      images: ['registry.local/payments:2.1.0'],
      tags: ['preview'],
      current: true,
      replicaSets: [
        {
          name: 'payments-bg-2',
          revision: 2,
          podTemplateHash: 'bg-2',
          status: 'Healthy',
          tags: ['preview'],
          desired: 2,
          current: 2,
          ready: 2,
          available: 2,
          images: ['registry.local/payments:2.1.0'],
          pods: [
            {
              name: 'payments-bg-2-p1',
              status: 'Running',
              ready: '1/1',
              restarts: 0,
            },
          ],
        },
      ],
      analysisRuns: [],
      experiments: [],
    },
    {
      revision: 1,
      podTemplateHash: 'bg-1',
      images: ['registry.local/payments:2.0.0'],
      tags: ['active', 'stable'],
      current: false,
      replicaSets: [
        {
          name: 'payments-bg-1',
          revision: 1,
          podTemplateHash: 'bg-1',
          status: 'Healthy',
          tags: ['active', 'stable'],
          desired: 2,
          current: 2,
          ready: 2,
          available: 2,
          images: ['registry.local/payments:2.0.0'],
          scaleDownDeadline: iso(600),
          pods: [
            {
              name: 'payments-bg-1-p1',
              status: 'Running',
              ready: '1/1',
              restarts: 0,
            },
          ],
        },
      ],
      analysisRuns: [],
      experiments: [],
    },
  ],
  analysisRuns: [],
  experiments: [],
  events: [],
  containers: [{ name: 'payments', image: 'registry.local/payments:2.1.0' }],
};

export const failedRun: AnalysisRunSummary = {
  name: 'user-service-3-1',
  namespace: 'apps',
  phase: 'Failed',
  message:
    'Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)',
  revision: 3,
  kind: 'background',
  metrics: [
    {
      ...successRateRun.metrics[0],
      phase: 'Failed',
      counts: {
        measured: 3,
        successful: 1,
        failed: 2,
        inconclusive: 0,
        error: 0,
        consecutiveError: 0,
      },
      measurements: [
        { phase: 'Successful', value: '[0.995]', finishedAt: iso(-90) },
        { phase: 'Failed', value: '[0.93]', finishedAt: iso(-60) },
        { phase: 'Failed', value: '[0.91]', finishedAt: iso(-30) },
      ],
    },
  ],
};

export const abortedDetail: RolloutDetail = {
  ...canaryDetail,
  phase: 'Degraded',
  message: 'RolloutAborted: Rollout aborted update to revision 3',
  aborted: true,
  revision: '3',
  pauseConditions: [],
  abortedByAnalysis: {
    analysisRun: 'user-service-3-1',
    metric: 'success-rate',
    message:
      'Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)',
  },
  steps: canaryDetail.steps.map(s => ({ ...s, state: 'pending' as const })),
  analysisRuns: [failedRun],
};

export const entityRollouts: EntityRolloutsResponse = {
  items: [canarySummary, blueGreenSummary],
  clusters: [
    { name: 'local', title: 'Local cluster', status: 'ok' },
    {
      name: 'staging',
      status: 'error',
      message: 'connect ECONNREFUSED 10.0.0.1:6443',
    },
  ],
};

export const actionHistory: ActionHistoryResponse = {
  items: [
    {
      id: '1',
      at: iso(-120),
      actor: 'user:default/alice',
      entityRef: ENTITY_REF,
      cluster: 'local',
      namespace: 'apps',
      name: 'user-service',
      action: 'set-image',
      params: { container: 'app', image: 'registry.local/user-service:1.1.0' },
      outcome: 'succeeded',
    },
    {
      id: '2',
      at: iso(-60),
      actor: 'user:default/bob',
      entityRef: ENTITY_REF,
      cluster: 'local',
      namespace: 'apps',
      name: 'user-service',
      action: 'promote',
      outcome: 'conflict',
      message: 'The rollout moved on',
    },
  ],
};

/** The live Rollout behind canaryDetail, for strategy plans in tests. */
export const canaryRolloutObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'user-service',
    namespace: 'apps',
    resourceVersion: '1001',
    labels: { 'backstage.io/kubernetes-id': 'user-service' },
  },
  spec: {
    selector: { matchLabels: { app: 'user-service' } },
    template: {
      metadata: { labels: { app: 'user-service' } },
      spec: {
        containers: [
          { name: 'user-service', image: 'registry.local/user-service:1.1.0' },
        ],
      },
    },
    strategy: {
      canary: {
        steps: [
          { setWeight: 10 },
          { pause: { duration: '2m' } },
          // as generated: with the args the built-in template needs
          { analysis: analysisToArgo({ templates: ['success-rate'] }) },
          { setWeight: 50 },
        ],
      },
    },
  },
};

export const strategyOptions: StrategyOptionsResponse = {
  current: {
    strategy: 'canary',
    steps: [
      { setWeight: 10 },
      { pause: { duration: '2m' } },
      { analysis: { templates: ['success-rate'] } },
      { setWeight: 50 },
    ],
  },
  unsupported: [],
  presets: ['standard-canary', 'fast-canary', 'blue-green-manual'].map(
    name => ({ name, ...BUILT_IN_PRESETS[name] }),
  ),
  defaultPreset: 'standard-canary',
  policies: { maxFirstCanaryWeight: 25 },
  managedByArgoCD: false,
  resourceVersion: '1001',
};

/** What the backend's dry run answers for `spec` on canaryRolloutObject. */
export function strategyPlanFor(
  spec: StrategySpec,
  options: { managedByArgoCD?: boolean } = {},
): StrategyChangeResponse {
  const live = options.managedByArgoCD
    ? {
        ...canaryRolloutObject,
        metadata: {
          ...canaryRolloutObject.metadata,
          annotations: {
            'argocd.argoproj.io/tracking-id': 'app:x/Rollout:apps/user-service',
          },
        },
      }
    : canaryRolloutObject;
  const plan = planStrategyChange(live, spec, {
    settings: { prometheusAddress: 'http://prometheus:9090' },
    policies: strategyOptions.policies,
  });
  return {
    applied: false,
    dryRun: true,
    resourceVersion: '1001',
    currentYaml: '',
    proposedYaml: '',
    yamlDiff: plan.yamlDiff,
    unchanged: plan.unchanged,
    patch: plan.patch,
    rolloutYaml: plan.rolloutYaml,
    findings: plan.findings,
    references: [],
    managedByArgoCD: plan.managedByArgoCd,
  };
}

export const strategyPlan = strategyPlanFor(strategyOptions.current!);
