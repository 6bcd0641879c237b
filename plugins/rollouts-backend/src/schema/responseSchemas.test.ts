import Ajv from 'ajv/dist/2019';
import {
  countFindings,
  describeRollout,
  KubeObject,
  lintLiveRollout,
  RolloutObjects,
  summarizeRollout,
} from '@gradual/plugin-rollouts-common';
import { loadScenario, ScenarioObjects } from '@gradual/test-utils';
import { summarizeNetworking } from '../cache/networking';
import { spec } from './openapi';

/*
 * Answers the status model computes from the upstream Argo Rollouts
 * fixtures, validated against the response schemas of the spec. The schemas
 * are closed here (no property they do not name), so a field the model
 * sends but the spec does not describe fails this test.
 */

type JsonSchema = { [key: string]: unknown };

const schemas = spec.components.schemas as unknown as Record<
  string,
  JsonSchema
>;

function resolve(schema: JsonSchema): JsonSchema {
  const ref = schema.$ref as string | undefined;
  return ref ? resolve(schemas[ref.split('/').pop()!]) : schema;
}

/**
 * The OpenAPI 3.0 schema as a closed JSON Schema: `nullable` as a `null`
 * type, an `allOf` of objects merged into one object, and
 * `additionalProperties: false` on every object that does not say otherwise.
 */
function closed(schema: JsonSchema): JsonSchema {
  if (schema.$ref) return { $ref: schema.$ref };
  const out: JsonSchema = {};
  if (Array.isArray(schema.allOf)) {
    const members = (schema.allOf as JsonSchema[]).map(resolve);
    const merged: JsonSchema = {
      type: 'object',
      properties: Object.assign(
        {},
        ...members.map(m => (m.properties as object | undefined) ?? {}),
      ),
      required: members.flatMap(m => (m.required as string[]) ?? []),
    };
    return closed(merged);
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'description') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [
          k,
          closed(v),
        ]),
      );
    } else if (
      (key === 'items' || key === 'additionalProperties') &&
      typeof value === 'object'
    ) {
      out[key] = closed(value as JsonSchema);
    } else if (key === 'oneOf' || key === 'anyOf') {
      out[key] = (value as JsonSchema[]).map(closed);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable && typeof schema.type === 'string') {
    out.type = [schema.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  if (schema.properties && schema.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({
  $id: 'rollouts',
  components: {
    schemas: Object.fromEntries(
      Object.entries(schemas).map(([name, s]) => [name, closed(s)]),
    ),
  },
});

function validate(schemaName: string, value: unknown): string[] {
  const check =
    ajv.getSchema(`rollouts#/components/schemas/${schemaName}`) ??
    ajv.compile({ $ref: `rollouts#/components/schemas/${schemaName}` });
  // JSON as the router sends it (no undefined values).
  if (check(JSON.parse(JSON.stringify(value)))) return [];
  return (check.errors ?? []).map(
    e =>
      `${e.instancePath || '/'} ${e.message}${
        e.keyword === 'additionalProperties'
          ? `: ${
              (e.params as { additionalProperty: string }).additionalProperty
            }`
          : ''
      }`,
  );
}

const NOW = new Date('2026-08-17T16:21:11.250Z');

function event(rollout: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${rollout.metadata.name}.1`,
      namespace: 'default',
      uid: 'event-1',
    },
    involvedObject: { kind: 'Rollout', name: rollout.metadata.name },
    type: 'Normal',
    reason: 'RolloutUpdated',
    message: 'Rollout updated to revision 2',
    count: 1,
    lastTimestamp: NOW.toISOString(),
  } as KubeObject;
}

/** Every Service and Ingress the rollout names exists, pointed at a pod hash. */
function lookup(type: string, name: string): KubeObject | undefined {
  if (type === 'services') {
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, uid: `service-${name}` },
      spec: {
        type: 'ClusterIP',
        selector: { 'rollouts-pod-template-hash': '5b9d7c5d6f' },
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    } as KubeObject;
  }
  if (type === 'ingresses') {
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name,
        uid: `ingress-${name}`,
        annotations: {
          'nginx.ingress.kubernetes.io/canary': 'true',
          'nginx.ingress.kubernetes.io/canary-weight': '20',
        },
      },
      spec: { rules: [{ host: 'shop.example.com' }] },
    } as KubeObject;
  }
  return undefined;
}

function objectsFor(scenario: ScenarioObjects, rollout: KubeObject) {
  const objects: RolloutObjects = {
    rollout,
    replicaSets: scenario.replicaSets,
    pods: scenario.pods,
    analysisRuns: scenario.analysisRuns,
    experiments: scenario.experiments,
    events: [event(rollout)],
  };
  return objects;
}

/** The detail as the service answers it: the model's, with lint and networking. */
function detailOf(scenario: ScenarioObjects, rollout: KubeObject) {
  const findings = lintLiveRollout(rollout, {});
  return {
    ...describeRollout('prod', objectsFor(scenario, rollout), NOW),
    findings,
    findingCounts: countFindings(findings),
    networking: summarizeNetworking(rollout, lookup),
  };
}

const SCENARIOS = [
  'canary',
  'blue-green',
  'experiment-analysis',
  'experiment-step',
  'rollout-aborted',
  'rollout-invalid',
];

describe('the response schemas of the spec', () => {
  describe.each(SCENARIOS)('on the %s fixtures', name => {
    const scenario = loadScenario(name, NOW);

    it('has fixtures', () => {
      expect(scenario.rollouts.length).toBeGreaterThan(0);
    });

    it.each(scenario.rollouts.map(r => [r.metadata.name, r] as const))(
      'describe %s: a valid RolloutDetail',
      (_name, rollout) => {
        expect(validate('RolloutDetail', detailOf(scenario, rollout))).toEqual(
          [],
        );
      },
    );

    it.each(scenario.rollouts.map(r => [r.metadata.name, r] as const))(
      'summary of %s: a valid RolloutSummary in an EntityRolloutsResponse',
      (_name, rollout) => {
        const summary = {
          ...summarizeRollout('prod', objectsFor(scenario, rollout), NOW),
          clusterTitle: 'Production',
        };
        expect(validate('RolloutSummary', summary)).toEqual([]);
        expect(
          validate('EntityRolloutsResponse', {
            items: [summary],
            clusters: [{ name: 'prod', title: 'Production', status: 'ok' }],
          }),
        ).toEqual([]);
      },
    );
  });

  it('reject a field the spec does not describe', () => {
    const scenario = loadScenario('canary', NOW);
    const detail = detailOf(scenario, scenario.rollouts[0]);
    const withExtra = {
      ...detail,
      revisions: detail.revisions.map(r => ({
        ...r,
        replicaSets: r.replicaSets.map(rs => ({ ...rs, undocumented: 1 })),
      })),
    };
    expect(validate('RolloutDetail', withExtra)).toContain(
      '/revisions/0/replicaSets/0 must NOT have additional properties: undocumented',
    );
    expect(
      validate('RolloutDetail', { ...detail, surprise: true }).join('\n'),
    ).toContain('must NOT have additional properties: surprise');
  });

  it('reject a value outside an enum or a missing field', () => {
    const scenario = loadScenario('canary', NOW);
    const { uid: _uid, ...detail } = detailOf(scenario, scenario.rollouts[0]);
    expect(validate('RolloutDetail', { ...detail, phase: 'Unknown' })).toEqual(
      expect.arrayContaining([
        "/ must have required property 'uid'",
        '/phase must be equal to one of the allowed values',
      ]),
    );
  });
});
