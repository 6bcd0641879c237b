/*
 * JSON Schema (draft-07) of StrategySpec, as data. The backend validates
 * custom specs and configured presets with it (ajv); the frontend can use it
 * for forms. Keep it in step with ./types.ts.
 */

const duration = {
  oneOf: [
    { type: 'integer', minimum: 0 },
    {
      type: 'string',
      pattern: '^([0-9]+|([0-9]+(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+)$',
    },
  ],
  description: 'Seconds, or a Go duration such as 30s, 5m, 1h',
};

const analysis = {
  type: 'object',
  required: ['templates'],
  additionalProperties: false,
  properties: {
    templates: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1 },
    },
    args: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const stringMatch = {
  type: 'object',
  additionalProperties: false,
  properties: {
    exact: { type: 'string' },
    prefix: { type: 'string' },
    regex: { type: 'string' },
  },
};

const virtualService = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    routes: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
};

const step = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    setWeight: { type: 'integer', minimum: 0, maximum: 100 },
    pause: {
      type: 'object',
      additionalProperties: false,
      properties: { duration },
    },
    analysis,
    setCanaryScale: {
      type: 'object',
      additionalProperties: false,
      properties: {
        weight: { type: 'integer', minimum: 0, maximum: 100 },
        replicas: { type: 'integer', minimum: 0 },
        matchTrafficWeight: { type: 'boolean' },
      },
    },
    setHeaderRoute: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        match: {
          type: 'array',
          items: {
            type: 'object',
            required: ['headerName', 'headerValue'],
            additionalProperties: false,
            properties: {
              headerName: { type: 'string' },
              headerValue: stringMatch,
            },
          },
        },
      },
    },
    setMirrorRoute: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        percentage: { type: 'integer', minimum: 0, maximum: 100 },
        match: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              method: stringMatch,
              path: stringMatch,
              headers: { type: 'object', additionalProperties: stringMatch },
            },
          },
        },
      },
    },
    // Kept as Argo has them (read from a live rollout, written back unchanged).
    experiment: { type: 'object' },
    plugin: { type: 'object' },
  },
};

const intOrPercent = {
  oneOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^[0-9]+%$' },
  ],
};

export const STRATEGY_SPEC_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Gradual strategy spec',
  oneOf: [
    {
      type: 'object',
      required: ['strategy', 'steps'],
      additionalProperties: false,
      properties: {
        strategy: { const: 'canary' },
        steps: { type: 'array', items: step },
        trafficRouting: {
          type: 'object',
          additionalProperties: false,
          properties: {
            nginx: {
              type: 'object',
              additionalProperties: false,
              properties: {
                stableIngress: { type: 'string' },
                host: { type: 'string' },
                ingressClassName: { type: 'string' },
                headerSegment: {
                  type: 'object',
                  required: ['header'],
                  additionalProperties: false,
                  properties: {
                    header: { type: 'string', minLength: 1 },
                    value: { type: 'string' },
                    pattern: { type: 'string' },
                  },
                },
                additionalIngressAnnotations: {
                  type: 'object',
                  additionalProperties: { type: 'string' },
                },
              },
            },
            istio: {
              type: 'object',
              additionalProperties: false,
              properties: {
                virtualService: virtualService,
                virtualServices: {
                  type: 'array',
                  minItems: 1,
                  items: virtualService,
                },
              },
            },
            managedRoutes: { type: 'array', items: { type: 'string' } },
            maxTrafficWeight: { type: 'integer', minimum: 1 },
          },
        },
        backgroundAnalysis: {
          ...analysis,
          properties: {
            ...analysis.properties,
            startingStep: { type: 'integer', minimum: 0 },
          },
        },
        scaleDownDelaySeconds: { type: 'integer', minimum: 0 },
        maxSurge: intOrPercent,
        maxUnavailable: intOrPercent,
      },
    },
    {
      type: 'object',
      required: ['strategy'],
      additionalProperties: false,
      properties: {
        strategy: { const: 'blueGreen' },
        activeService: { type: 'string', minLength: 1 },
        previewService: { type: 'string', minLength: 1 },
        autoPromotionEnabled: { type: 'boolean' },
        autoPromotionSeconds: { type: 'integer', minimum: 0 },
        prePromotionAnalysis: analysis,
        postPromotionAnalysis: analysis,
        scaleDownDelaySeconds: { type: 'integer', minimum: 0 },
        previewReplicaCount: { type: 'integer', minimum: 0 },
      },
    },
  ],
} as const;
