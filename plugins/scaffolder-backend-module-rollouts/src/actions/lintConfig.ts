/*
 * `rollouts:config:lint`: lints Rollout manifests in the workspace against
 * the Argo CRD schemas, the upstream controller rules and the platform
 * policies; fails on error findings unless `failOnError: false`.
 */
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatFinding,
  hasErrors,
  lintManifests,
  parseYamlDocuments,
  type Finding,
  type KubernetesObject,
} from '@gradual/plugin-rollouts-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { schemaFindings } from '../validation/schemaFindings';
import type { RolloutsActionOptions } from './options';
import { lintExamples } from './lintConfig.examples';

export const LINT_ACTION_ID = 'rollouts:config:lint';

async function yamlFilesIn(
  workspace: string,
  directory: string,
): Promise<string[]> {
  const absolute = resolveSafeChildPath(workspace, directory);
  const entries = await fs.readdir(absolute).catch(() => {
    throw new InputError(
      `Directory '${directory}' does not exist in the workspace`,
    );
  });
  return entries
    .filter(f => /\.ya?ml$/.test(f))
    .sort()
    .map(f => path.posix.join(directory, f));
}

export function createLintRolloutConfigAction(options: RolloutsActionOptions) {
  return createTemplateAction({
    id: LINT_ACTION_ID,
    description:
      'Lints Argo Rollouts manifests in the workspace: CRD schema, the rules the Argo Rollouts controller enforces (as `kubectl argo rollouts lint`), references between the Rollout and its Services, Ingress and AnalysisTemplates, and the platform policies of rollouts.policies. Fails on error findings unless failOnError is false.',
    examples: lintExamples,
    supportsDryRun: true,
    schema: {
      input: {
        files: z =>
          z
            .array(z.string(), {
              description:
                'Files to lint, relative to the workspace; all YAML files of directory when empty',
            })
            .optional(),
        directory: z =>
          z
            .string({
              description:
                'Directory whose YAML files are linted when files is empty (default kubernetes)',
            })
            .default('kubernetes'),
        environment: z =>
          z
            .string({ description: 'Environment, for environment policies' })
            .optional(),
        namespace: z =>
          z
            .string({
              description: 'Namespace, when the manifests do not set one',
            })
            .optional(),
        failOnError: z =>
          z
            .boolean({
              description:
                'Fail the step when a finding has severity error (default true)',
            })
            .default(true),
      },
      output: {
        findings: z =>
          z.array(
            z.object({
              rule: z.string(),
              severity: z.string(),
              message: z.string(),
              path: z.string(),
              object: z.string().optional(),
            }),
          ),
        errorCount: z => z.number(),
        warningCount: z => z.number(),
        summary: z =>
          z.string({ description: 'Human-readable result (markdown)' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const files = input.files?.length
        ? input.files
        : await yamlFilesIn(ctx.workspacePath, input.directory);
      if (files.length === 0) {
        throw new InputError(`No YAML files to lint in '${input.directory}'`);
      }
      const objects: KubernetesObject[] = [];
      for (const file of files) {
        const text = await fs
          .readFile(resolveSafeChildPath(ctx.workspacePath, file), 'utf8')
          .catch(() => {
            throw new InputError(
              `File '${file}' does not exist in the workspace`,
            );
          });
        try {
          objects.push(...parseYamlDocuments(text));
        } catch (e) {
          throw new InputError(`${file}: ${(e as Error).message}`);
        }
      }

      const findings: Finding[] = [
        ...schemaFindings(objects, options.crdValidator),
        ...lintManifests(objects, options.policies, {
          namespace: input.namespace,
          environment: input.environment,
        }),
      ];
      const errors = findings.filter(f => f.severity === 'error').length;
      const warnings = findings.length - errors;
      for (const f of findings) {
        if (f.severity === 'error') ctx.logger.error(formatFinding(f));
        else ctx.logger.warn(formatFinding(f));
      }
      ctx.logger.info(
        `Linted ${files.join(
          ', ',
        )}: ${errors} error(s), ${warnings} warning(s)`,
      );

      ctx.output(
        'findings',
        findings.map(f => ({
          rule: f.rule,
          severity: f.severity,
          message: f.message,
          path: f.path,
          ...(f.object ? { object: `${f.object.kind}/${f.object.name}` } : {}),
        })),
      );
      ctx.output('errorCount', errors);
      ctx.output('warningCount', warnings);
      ctx.output(
        'summary',
        findings.length
          ? findings.map(f => `- ${formatFinding(f)}`).join('\n')
          : `No findings in ${files.join(', ')}.`,
      );

      if (input.failOnError && hasErrors(findings)) {
        throw new InputError(
          `Rollout config has ${errors} error(s):\n${findings
            .filter(f => f.severity === 'error')
            .map(formatFinding)
            .join('\n')}`,
        );
      }
    },
  });
}
