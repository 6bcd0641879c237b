import express from 'express';
import Router from 'express-promise-router';
import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  analysisDryRunPermission,
  CanaryJudgeParamError,
  parseCanaryJudgeParams,
} from '@gradual/plugin-rollouts-common';
import {
  AnalysisDryRunService,
  DryRunRequest,
} from './dryRun/AnalysisDryRunService';
import { CanaryJudgeService, JudgeRequest } from './judge/CanaryJudgeService';
import { PrometheusQueryError } from './prometheus/PrometheusClient';

export interface AnalysisRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  dryRun: AnalysisDryRunService;
  judge: CanaryJudgeService;
}

/** An inline template is at most 64 KiB; leave room for the JSON around it. */
const BODY_LIMIT = '100kb';

/**
 * The judge's parameters as the shared contract defines them
 * (`parseCanaryJudgeParams` in rollouts-common): the query string, which is
 * what Argo's web provider sends, wins over a JSON body.
 */
export function judgeRequestOf(req: express.Request): JudgeRequest {
  const body =
    req.body && typeof req.body === 'object' && !Array.isArray(req.body)
      ? req.body
      : {};
  try {
    return parseCanaryJudgeParams({ ...body, ...req.query });
  } catch (error) {
    if (error instanceof CanaryJudgeParamError)
      throw new InputError(error.message);
    throw error;
  }
}

/**
 * The analysis endpoints, mounted on the plugin's router (`/api/rollouts`):
 * - `POST /analysis/dry-run` — users and services with `rollouts.analysis.dry-run`;
 * - `GET|POST /analysis/judge` — services only: Argo's `web` metric provider
 *   calls it with a Backstage external-access static token.
 */
export function createAnalysisRouter(
  options: AnalysisRouterOptions,
): express.Router {
  const { httpAuth, permissions, dryRun, judge } = options;
  const router = Router();
  router.use(express.json({ limit: BODY_LIMIT }));

  router.post('/analysis/dry-run', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: analysisDryRunPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Not allowed to dry-run analysis templates');
    }
    const body = (req.body ?? {}) as DryRunRequest;
    if (typeof body !== 'object' || Array.isArray(body))
      throw new InputError('The body must be a JSON object');
    res.json(await dryRun.dryRun(body));
  });

  const judgeHandler = async (req: express.Request, res: express.Response) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    try {
      res.json(await judge.judge(judgeRequestOf(req)));
    } catch (error) {
      if (error instanceof PrometheusQueryError)
        throw new ServiceUnavailableError(error.message);
      throw error;
    }
  };
  router.get('/analysis/judge', judgeHandler);
  router.post('/analysis/judge', judgeHandler);

  return router;
}
