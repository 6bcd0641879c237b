import {
  describeRollout,
  lintLiveRollout,
  summarizeRollout,
} from '@gradual/plugin-rollouts-common';
import { loadScenario, ScenarioObjects } from '@gradual/test-utils';
import { lastUpdateOf } from '../deliveries/deliveryItem';
import { ResourceType, trimObject } from './resources';
import { KubeObject } from '@gradual/plugin-rollouts-common';

const NOW = new Date('2026-08-17T16:21:11.250Z');
const SCENARIOS = [
  'blue-green',
  'canary',
  'experiment-analysis',
  'experiment-step',
  'rollout-aborted',
  'rollout-invalid',
];

/** Events as the API server sends them (every field a core/v1 Event has). */
function eventsAbout(ro: KubeObject, replicaSets: KubeObject[]): KubeObject[] {
  const event = (
    i: number,
    involved: KubeObject,
    extra: Record<string, unknown>,
  ): KubeObject =>
    ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${involved.metadata.name}.${i}`,
        namespace: ro.metadata.namespace,
        uid: `ev-${ro.metadata.uid}-${i}`,
        resourceVersion: String(100 + i),
        creationTimestamp: `2026-08-17T16:0${i % 10}:00Z`,
        managedFields: [{ manager: 'rollouts-controller' }],
      },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind ?? 'ReplicaSet',
        namespace: involved.metadata.namespace,
        name: involved.metadata.name,
        uid: involved.metadata.uid,
        resourceVersion: '42',
      },
      reason: `Reason${i}`,
      message: `message ${i} about ${involved.metadata.name}`,
      source: { component: 'rollouts-controller' },
      reportingComponent: 'rollouts-controller',
      reportingInstance: '',
      ...extra,
    } as any);
  const rs = replicaSets.find(r =>
    (r.metadata.ownerReferences ?? []).some(o => o.uid === ro.metadata.uid),
  );
  return [
    event(1, ro, {
      type: 'Normal',
      count: 1,
      firstTimestamp: '2026-08-17T16:01:00Z',
      lastTimestamp: '2026-08-17T16:05:00Z',
      eventTime: null,
    }),
    event(2, ro, {
      type: 'Warning',
      count: 7,
      firstTimestamp: '2026-08-17T16:02:00Z',
      lastTimestamp: '2026-08-17T16:09:00Z',
    }),
    // events.k8s.io-style: no lastTimestamp, a series and an eventTime.
    event(3, ro, {
      type: 'Normal',
      eventTime: '2026-08-17T16:03:00.000000Z',
      series: { count: 3, lastObservedTime: '2026-08-17T16:07:00.000000Z' },
    }),
    // Neither time nor type nor count: the creation time and defaults.
    event(4, ro, {}),
    ...(rs
      ? [
          event(
            5,
            { ...rs, kind: 'ReplicaSet' },
            {
              type: 'Normal',
              count: 2,
              lastTimestamp: '2026-08-17T16:08:00Z',
            },
          ),
        ]
      : []),
  ];
}

const trimAll = (type: ResourceType['key'], objects: KubeObject[]) =>
  objects.map(o => trimObject(type, structuredClone(o)));

describe('trimObject keeps what the status model reads', () => {
  it.each(SCENARIOS)(
    '%s: describeRollout, summarizeRollout and lint see the same on trimmed objects',
    scenario => {
      // The model's KubeObject (uid optional) as the cache's (uid required).
      const s = loadScenario(scenario, NOW) as Record<
        keyof ScenarioObjects,
        KubeObject[]
      >;
      for (const ro of s.rollouts) {
        const full = {
          rollout: ro,
          replicaSets: s.replicaSets,
          pods: s.pods,
          analysisRuns: s.analysisRuns,
          experiments: s.experiments,
          events: eventsAbout(ro, s.replicaSets),
        };
        const trimmed = {
          rollout: trimObject('rollouts', structuredClone(ro)),
          replicaSets: trimAll('replicasets', s.replicaSets),
          pods: trimAll('pods', s.pods),
          analysisRuns: trimAll('analysisruns', s.analysisRuns),
          experiments: trimAll('experiments', s.experiments),
          events: trimAll('events', full.events),
        };
        const expected = describeRollout('prod', full, NOW);
        expect(expected.events.length).toBeGreaterThan(0);
        expect(describeRollout('prod', trimmed, NOW)).toEqual(expected);
        expect(summarizeRollout('prod', trimmed, NOW)).toEqual(
          summarizeRollout('prod', full, NOW),
        );
        expect(lintLiveRollout(trimmed.rollout)).toEqual(lintLiveRollout(ro));
        expect(lastUpdateOf(trimmed.rollout)).toEqual(lastUpdateOf(ro));
      }
    },
  );

  it('drops what nothing reads', () => {
    const s = loadScenario('canary', NOW) as Record<
      keyof ScenarioObjects,
      KubeObject[]
    >;
    const ro = s.rollouts[0];
    const [event] = eventsAbout(ro, s.replicaSets);
    const trimmedEvent = trimObject('events', event) as any;
    expect(trimmedEvent).toEqual({
      metadata: {
        name: event.metadata.name,
        namespace: ro.metadata.namespace,
        uid: event.metadata.uid,
        resourceVersion: event.metadata.resourceVersion,
      },
      involvedObject: {
        kind: 'Rollout',
        name: ro.metadata.name,
        uid: ro.metadata.uid,
      },
      reason: 'Reason1',
      message: `message 1 about ${ro.metadata.name}`,
      lastTimestamp: '2026-08-17T16:05:00Z',
    });
    const rs = trimObject('replicasets', structuredClone(s.replicaSets[0]));
    expect(rs.spec).not.toHaveProperty('selector');
    expect(rs.spec.template).not.toHaveProperty('metadata');
    for (const ref of rs.metadata.ownerReferences ?? [])
      expect(Object.keys(ref).sort()).toEqual(
        expect.not.arrayContaining(['apiVersion', 'blockOwnerDeletion']),
      );
    const trimmedRollout = trimObject('rollouts', structuredClone(ro));
    for (const c of trimmedRollout.status.conditions)
      expect(c).not.toHaveProperty('lastTransitionTime');
  });
});

describe('trimObject shares what repeats across objects', () => {
  const s = loadScenario('canary', NOW) as Record<
    keyof ScenarioObjects,
    KubeObject[]
  >;
  /** Another rollout of the same application: its own name and uid. */
  const copyOf = (o: KubeObject, suffix: string): KubeObject => {
    const copy = structuredClone(o);
    copy.metadata = {
      ...copy.metadata,
      name: `${o.metadata.name}-${suffix}`,
      uid: `${o.metadata.uid}-${suffix}`,
      finalizers: ['example.com/keep'],
      managedFields: [{ manager: 'kubectl' }],
    } as any;
    return copy;
  };

  it('rollouts: one frozen strategy, pod spec and annotations; the rest their own', () => {
    const [ro] = s.rollouts;
    const a = trimObject('rollouts', copyOf(ro, 'a'));
    const b = trimObject('rollouts', copyOf(ro, 'b'));
    expect(b.spec.strategy).toBe(a.spec.strategy);
    expect(b.spec.template.spec).toBe(a.spec.template.spec);
    expect(b.metadata.annotations).toBe(a.metadata.annotations);
    expect(Object.isFrozen(a.spec.strategy.canary.steps)).toBe(true);
    expect(a.spec.strategy).toEqual(ro.spec.strategy);
    expect(a.spec.template).toEqual(ro.spec.template);
    expect(a.metadata).toEqual({
      name: `${ro.metadata.name}-a`,
      namespace: ro.metadata.namespace,
      uid: `${ro.metadata.uid}-a`,
      resourceVersion: ro.metadata.resourceVersion,
      generation: ro.metadata.generation,
      creationTimestamp: ro.metadata.creationTimestamp,
      labels: ro.metadata.labels,
      annotations: ro.metadata.annotations,
      finalizers: ['example.com/keep'],
    });
    expect(a.metadata).not.toHaveProperty('managedFields');
    expect(a.metadata).not.toHaveProperty('selfLink');
    expect(a.metadata.labels).not.toBe(b.metadata.labels);
    // Every status field but the condition times it does not need.
    const { conditions, selector, ...status } = ro.status;
    const { conditions: trimmedConditions, ...trimmedStatus } = a.status;
    expect(selector).toBeDefined();
    expect(trimmedStatus).toEqual(status);
    expect(a.status.selector).toBeUndefined();
    expect(JSON.stringify(a.status)).not.toContain('"selector"');
    expect(a.status.canary).toBe(b.status.canary);
    expect(trimmedConditions.map((c: any) => c.type)).toEqual(
      conditions.map((c: any) => c.type),
    );
  });

  it('ReplicaSets: one frozen pod spec and status for equal ones', () => {
    const rs = s.replicaSets[0];
    const a = trimObject('replicasets', copyOf(rs, 'a'));
    const b = trimObject('replicasets', copyOf(rs, 'b'));
    expect(b.spec.template.spec).toBe(a.spec.template.spec);
    expect(b.status).toBe(a.status);
    expect(a.status).toEqual(rs.status);
    expect(a.spec.replicas).toBe(rs.spec.replicas);
    expect(a.spec.template.spec.containers[0]).toMatchObject({
      name: rs.spec.template.spec.containers[0].name,
      image: rs.spec.template.spec.containers[0].image,
    });
    expect(a.metadata.ownerReferences).toEqual(
      rs.metadata.ownerReferences?.map(r => ({
        kind: r.kind,
        name: r.name,
        uid: r.uid,
        ...(r.controller ? { controller: true } : {}),
      })),
    );
  });

  it('does not change the object it trims', () => {
    for (const [type, objects] of [
      ['rollouts', s.rollouts],
      ['replicasets', s.replicaSets],
      ['pods', s.pods],
    ] as const) {
      for (const o of objects) {
        const copy = structuredClone(o);
        trimObject(type, copy);
        expect(copy).toEqual(o);
      }
    }
  });
});

describe('trimObject keeps one condition time', () => {
  const condition = (
    type: string,
    time: string,
    message = `${type} message`,
  ) => ({
    type,
    status: 'True',
    reason: `${type}Reason`,
    message,
    lastTransitionTime: time,
    lastUpdateTime: time,
  });
  const withConditions = (uid: string, conditions: any[]): KubeObject => ({
    metadata: { name: uid, namespace: 'ns', uid },
    status: { conditions },
  });

  it('keeps the newest update (what the deliveries view reads) and shares fixed-message conditions', () => {
    const conditions = [
      condition(
        'Progressing',
        '2026-08-17T16:00:00Z',
        'ReplicaSet "a-1" progressed',
      ),
      condition('Available', '2026-08-17T16:05:00Z'),
      condition('Healthy', '2026-08-17T16:01:00Z'),
      condition('Completed', '2026-08-17T16:02:00Z', 'revision 1 (abc)'),
    ];
    const full = withConditions('a', conditions);
    const a = trimObject('rollouts', structuredClone(full));
    const b = trimObject(
      'rollouts',
      withConditions('b', [
        condition('Healthy', '2026-08-17T16:09:00Z'),
        ...structuredClone(conditions.slice(1)),
      ]),
    );
    expect(lastUpdateOf(a)).toBe(lastUpdateOf(full));
    expect(a.status.conditions).toEqual([
      {
        type: 'Progressing',
        status: 'True',
        reason: 'ProgressingReason',
        message: 'ReplicaSet "a-1" progressed',
      },
      {
        type: 'Available',
        status: 'True',
        reason: 'AvailableReason',
        message: 'Available message',
        lastUpdateTime: '2026-08-17T16:05:00Z',
      },
      {
        type: 'Healthy',
        status: 'True',
        reason: 'HealthyReason',
        message: 'Healthy message',
      },
      {
        type: 'Completed',
        status: 'True',
        reason: 'CompletedReason',
        message: 'revision 1 (abc)',
      },
    ]);
    // b's newest is its first Healthy: its Available has no time, like a's Healthy.
    expect(b.status.conditions[1]).not.toHaveProperty('lastUpdateTime');
    expect(b.status.conditions[2]).toBe(a.status.conditions[2]);
    expect(lastUpdateOf(b)).toBe('2026-08-17T16:09:00.000Z');
    expect(lastUpdateOf(trimObject('rollouts', withConditions('c', [])))).toBe(
      undefined,
    );
  });
});
