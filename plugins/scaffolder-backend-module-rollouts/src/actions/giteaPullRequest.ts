/*
 * `rollouts:gitea:pull-request`: opens a pull request on a Gitea repository
 * that adds (or updates) the files of a workspace directory under a target
 * path. Credentials come from the backend's `integrations.gitea` config; the
 * template only names the repository.
 */
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import {
  ScmIntegrations,
  getGiteaRequestOptions,
} from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';

export const GITEA_PULL_REQUEST_ACTION_ID = 'rollouts:gitea:pull-request';

async function filesUnder(root: string, dir = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), {
    withFileTypes: true,
  });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(root, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

export function createGiteaPullRequestAction(options: { config: Config }) {
  const integrations = ScmIntegrations.fromConfig(options.config);
  return createTemplateAction({
    id: GITEA_PULL_REQUEST_ACTION_ID,
    description:
      'Opens a pull request on a Gitea repository adding the files of a workspace directory under targetPath (existing files are updated). Uses the credentials of integrations.gitea for the host.',
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'Repository as the RepoUrlPicker writes it: host?owner=org&repo=name',
          }),
        sourcePath: z =>
          z
            .string({ description: 'Workspace directory to publish' })
            .default('.'),
        targetPath: z =>
          z.string({ description: 'Directory in the repository' }).default(''),
        branchName: z =>
          z.string({ description: 'New branch of the pull request' }),
        title: z => z.string({ description: 'Pull request title' }),
        description: z =>
          z.string({ description: 'Pull request body' }).default(''),
        commitMessage: z => z.string().optional(),
      },
      output: {
        remoteUrl: z => z.string({ description: 'Pull request web URL' }),
        pullRequestNumber: z => z.number(),
        targetBranchName: z => z.string(),
        files: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { host, owner, repo } = parseRepoUrl(input.repoUrl, integrations);
      const integration = integrations.gitea.byHost(host);
      if (!integration) {
        throw new InputError(
          `No integrations.gitea entry for host ${host}; configure one in app-config`,
        );
      }
      if (!owner) throw new InputError(`repoUrl ${input.repoUrl} has no owner`);
      const baseUrl = (integration.config.baseUrl ?? `https://${host}`).replace(
        /\/$/,
        '',
      );
      const { headers } = getGiteaRequestOptions(integration.config);
      const api = async (method: string, apiPath: string, body?: unknown) => {
        const res = await fetch(`${baseUrl}/api/v1${apiPath}`, {
          method,
          headers: {
            ...headers,
            Accept: 'application/json',
            'Content-Type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, json: text ? JSON.parse(text) : {} };
      };
      const repoPath = `/repos/${owner}/${repo}`;
      const repoInfo = await api('GET', repoPath);
      if (repoInfo.status !== 200) {
        throw new InputError(
          `Repository ${owner}/${repo} on ${host}: ${repoInfo.status} ${
            repoInfo.json.message ?? ''
          }`,
        );
      }
      const base: string = repoInfo.json.default_branch;
      const sourceDir = resolveSafeChildPath(
        ctx.workspacePath,
        input.sourcePath,
      );
      const sources = await filesUnder(sourceDir);
      if (sources.length === 0) {
        throw new InputError(`No files in workspace ${input.sourcePath}`);
      }
      const changes = [];
      for (const rel of sources) {
        const target = path.posix.join(input.targetPath, rel);
        const existing = await api(
          'GET',
          `${repoPath}/contents/${target}?ref=${encodeURIComponent(base)}`,
        );
        const content = (await fs.readFile(path.join(sourceDir, rel))).toString(
          'base64',
        );
        changes.push(
          existing.status === 200
            ? {
                operation: 'update',
                path: target,
                content,
                sha: existing.json.sha,
              }
            : { operation: 'create', path: target, content },
        );
      }
      const commit = await api('POST', `${repoPath}/contents`, {
        branch: base,
        new_branch: input.branchName,
        message: input.commitMessage ?? input.title,
        files: changes,
      });
      if (commit.status === 422 || commit.status === 409) {
        throw new ConflictError(
          `Branch ${input.branchName} already exists on ${owner}/${repo}: ${
            commit.json.message ?? ''
          }`,
        );
      }
      if (commit.status >= 300) {
        throw new Error(
          `Committing to ${owner}/${repo}@${input.branchName} failed: ${
            commit.status
          } ${commit.json.message ?? ''}`,
        );
      }
      const pr = await api('POST', `${repoPath}/pulls`, {
        head: input.branchName,
        base,
        title: input.title,
        body: input.description,
      });
      if (pr.status >= 300) {
        throw new Error(
          `Opening the pull request on ${owner}/${repo} failed: ${pr.status} ${
            pr.json.message ?? ''
          }`,
        );
      }
      ctx.logger.info(
        `Opened ${pr.json.html_url} (${changes.length} file(s) on ${input.branchName})`,
      );
      ctx.output('remoteUrl', pr.json.html_url);
      ctx.output('pullRequestNumber', pr.json.number);
      ctx.output('targetBranchName', base);
      ctx.output(
        'files',
        changes.map(c => c.path),
      );
    },
  });
}
