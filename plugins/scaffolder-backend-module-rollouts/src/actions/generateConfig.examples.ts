import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const step = (input: Record<string, unknown>) =>
  stringify({
    steps: [
      {
        id: 'generate',
        action: 'rollouts:config:generate',
        name: 'Generate the rollout config',
        input,
      },
    ],
  });

export const generateExamples: TemplateExample[] = [
  {
    description:
      'Generate the manifests of a service with the default preset of its namespace',
    example: step({
      name: 'user-service',
      image: 'ghcr.io/acme/user-service:1.4.2',
      port: 8080,
      namespace: 'demo',
    }),
  },
  {
    description:
      'Use a named preset for the production environment and write into deploy/',
    example: step({
      name: 'order-service',
      image: 'ghcr.io/acme/order-service:2.0.0',
      port: 8080,
      namespace: 'prod-eu',
      environment: 'production',
      cluster: 'prod-eu-1',
      preset: 'blue-green-manual',
      outputDir: 'deploy',
    }),
  },
  {
    description:
      'Use a custom canary spec with a header segment instead of a preset',
    example: step({
      name: 'payments-service',
      image: 'ghcr.io/acme/payments:3.1.0',
      port: 9000,
      namespace: 'payments',
      spec: {
        strategy: 'canary',
        trafficRouting: {
          nginx: { headerSegment: { header: 'X-User-Tier', value: 'beta' } },
        },
        steps: [
          { setWeight: 5 },
          { pause: { duration: '5m' } },
          { analysis: { templates: ['success-rate', 'latency-p99'] } },
          { setWeight: 25 },
          { pause: {} },
        ],
      },
    }),
  },
];
