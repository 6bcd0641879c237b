import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const step = (input: Record<string, unknown>) =>
  stringify({
    steps: [
      {
        id: 'lint',
        action: 'rollouts:config:lint',
        name: 'Lint the rollout config',
        input,
      },
    ],
  });

export const lintExamples: TemplateExample[] = [
  {
    description:
      'Lint every YAML file that rollouts:config:generate wrote into kubernetes/',
    example: step({ directory: 'kubernetes', environment: 'production' }),
  },
  {
    description:
      'Lint chosen files and only report the findings (do not fail the task)',
    example: step({
      files: ['deploy/rollout.yaml', 'deploy/analysis-templates.yaml'],
      failOnError: false,
    }),
  },
];
