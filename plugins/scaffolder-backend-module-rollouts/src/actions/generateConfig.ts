/*
 * `rollouts:config:generate`: strategy preset (or custom spec) + service
 * inputs → Rollout, Services, Ingress and AnalysisTemplates in the workspace.
 */
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatFinding,
  generateManifests,
  lintManifests,
  parseStrategySpec,
  resolveStrategy,
} from '@gradual/plugin-rollouts-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { schemaFindings } from '../validation/schemaFindings';
import type { RolloutsActionOptions } from './options';
import { generateExamples } from './generateConfig.examples';

export const GENERATE_ACTION_ID = 'rollouts:config:generate';

export function createGenerateRolloutConfigAction(
  options: RolloutsActionOptions,
) {
  return createTemplateAction({
    id: GENERATE_ACTION_ID,
    description:
      'Generates the Argo Rollouts manifests of a service (Rollout, Services, Ingress, AnalysisTemplates) from a platform preset or a custom strategy spec, validates them against the Argo CRD schemas and lints them against the platform policies. Writes one file per kind into outputDir. In a dry run the files are written to the dry-run workspace only, so the template editor shows them.',
    examples: generateExamples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string({
              description:
                'Service name: Rollout name, base of the Service names and the backstage.io/kubernetes-id label',
            })
            .regex(
              /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
              'must be a DNS-1123 label',
            ),
        image: z =>
          z
            .string({
              description:
                'Container image, e.g. ghcr.io/acme/user-service:1.4.2',
            })
            .min(1),
        port: z =>
          z
            .number({ description: 'Container and Service port' })
            .int()
            .min(1)
            .max(65535),
        namespace: z =>
          z
            .string({ description: 'Namespace of the objects' })
            .default('default'),
        environment: z =>
          z
            .string({
              description:
                'Environment (dev, staging, production); selects overrides and policies',
            })
            .optional(),
        cluster: z =>
          z
            .string({
              description:
                'Cluster name; selects the Prometheus address of rollouts.analysis.prometheus (see rollouts.defaults.prometheus)',
            })
            .optional(),
        replicas: z =>
          z
            .number({ description: 'Replicas (default 3)' })
            .int()
            .min(0)
            .optional(),
        preset: z =>
          z
            .string({
              description:
                'Preset name from rollouts.defaults.presets; the default preset of the namespace/environment when empty',
            })
            .optional(),
        spec: z =>
          z
            .record(z.unknown(), {
              description:
                'Custom strategy spec instead of a preset (see the README)',
            })
            .optional(),
        outputDir: z =>
          z
            .string({
              description:
                'Directory in the workspace for the files (default kubernetes)',
            })
            .default('kubernetes'),
      },
      output: {
        files: z =>
          z.array(z.string(), {
            description:
              'Paths of the written files, relative to the workspace',
          }),
        manifest: z =>
          z.string({
            description: 'All objects as one multi-document YAML string',
          }),
        preset: z => z.string({ description: 'The preset used, or "custom"' }),
        strategy: z => z.string({ description: 'canary or blueGreen' }),
        findings: z =>
          z.array(
            z.object({
              rule: z.string(),
              severity: z.string(),
              message: z.string(),
              path: z.string(),
            }),
            { description: 'Lint findings of the generated manifests' },
          ),
        summary: z =>
          z.string({ description: 'Human-readable summary (markdown)' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const target = {
        namespace: input.namespace,
        environment: input.environment,
        cluster: input.cluster,
      };
      const customSpec = input.spec
        ? parseStrategySpec(input.spec, 'input.spec')
        : undefined;
      let resolved;
      try {
        resolved = resolveStrategy(options.defaults, target, {
          preset: input.preset || undefined,
          spec: customSpec,
        });
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      const manifests = generateManifests(
        resolved.spec,
        {
          name: input.name,
          image: input.image,
          port: input.port,
          namespace: input.namespace,
          replicas: input.replicas,
          environment: input.environment,
        },
        resolved.settings,
      );

      const violations = schemaFindings(
        manifests.objects,
        options.crdValidator,
      );
      if (violations.length) {
        throw new InputError(
          `The generated manifests do not match the Argo Rollouts CRD schemas:\n${violations
            .map(formatFinding)
            .join('\n')}`,
        );
      }
      const findings = lintManifests(manifests.objects, options.policies, {
        environment: input.environment,
      });

      const outputDir = resolveSafeChildPath(
        ctx.workspacePath,
        input.outputDir,
      );
      await fs.mkdir(outputDir, { recursive: true });
      const files: string[] = [];
      for (const file of manifests.files) {
        await fs.writeFile(
          path.join(outputDir, file.path),
          file.content,
          'utf8',
        );
        files.push(path.posix.join(input.outputDir, file.path));
      }

      const presetName = resolved.presetName ?? 'custom';
      ctx.logger.info(
        `${ctx.isDryRun ? '[dry run] ' : ''}Generated ${
          manifests.objects.length
        } objects for ${input.namespace}/${
          input.name
        } (preset ${presetName}): ${files.join(', ')}`,
      );
      for (const f of findings) ctx.logger.warn(formatFinding(f));

      ctx.output('files', files);
      ctx.output('manifest', manifests.yaml);
      ctx.output('preset', presetName);
      ctx.output('strategy', resolved.spec.strategy);
      ctx.output(
        'findings',
        findings.map(({ rule, severity, message, path: p }) => ({
          rule,
          severity,
          message,
          path: p,
        })),
      );
      ctx.output(
        'summary',
        [
          `**${input.name}** in \`${input.namespace}\`: ${
            resolved.spec.strategy === 'canary' ? 'canary' : 'blue-green'
          } (preset \`${presetName}\`)`,
          '',
          ...manifests.objects.map(o => `- ${o.kind} \`${o.metadata.name}\``),
          '',
          findings.length
            ? `Findings:\n${findings
                .map(f => `- ${formatFinding(f)}`)
                .join('\n')}`
            : 'No lint findings.',
        ].join('\n'),
      );
    },
  });
}
