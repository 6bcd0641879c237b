import express from 'express';
import Router from 'express-promise-router';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ActionRequest,
  RolloutWatchEvent,
  parseWaitTarget,
  parseWaitTimeout,
  rolloutReadPermission,
} from '@gradual/plugin-rollouts-common';
import { createOpenApiRouter } from '../schema/openapi';
import { RolloutsCache } from '../cache/RolloutsCache';
import { RolloutRequestTarget, RolloutsService } from './RolloutsService';
import { streamNdjson, streamWait } from './streamWait';
import { serverTiming } from './serverTiming';
import { GitOpsService } from '../gitops/GitOpsService';
import {
  ArgoCdManagedError,
  StrategyService,
} from '../strategy/StrategyService';

/** Largest accepted JSON body (actions take a few small fields). */
export const BODY_LIMIT = '16kb';
/** Largest body any route of the plugin accepts (analysis dry-run). */
const MAX_BODY_LIMIT = '128kb';

export interface RouterOptions {
  service: RolloutsService;
  cache: RolloutsCache;
  httpAuth: HttpAuthService;
  /**
   * Further routers mounted on the same API (e.g. the analysis endpoints);
   * their paths belong in src/schema/openapi.yaml too.
   */
  subRouters?: express.Router[];
  /** Change strategy (`.../strategy`); the routes are absent without it. */
  strategy?: StrategyService;
  /** GitOps pull requests (`.../pull-requests`); the route is absent without it. */
  gitops?: GitOpsService;
}

/**
 * `?limit=` of the history route. The validator coerces the query string
 * but lets a number too large for a double (`Infinity`) through its
 * `maximum`, so the documented range is checked again here.
 */
function historyLimit(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new InputError('limit must be an integer from 1 to 500');
  }
  return limit;
}

/** Aborts when the client goes away before the answer is complete. */
function closeSignal(res: express.Response): AbortSignal {
  const stop = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) stop.abort();
  });
  return stop.signal;
}

const entityRefOf = (p: { kind: string; namespace: string; name: string }) =>
  stringifyEntityRef({ kind: p.kind, namespace: p.namespace, name: p.name });

/** The rollout a `…/rollouts/:cluster/:rolloutNamespace/:rolloutName` route names. */
const targetOf = (p: {
  kind: string;
  namespace: string;
  name: string;
  cluster: string;
  rolloutNamespace: string;
  rolloutName: string;
}): RolloutRequestTarget => ({
  entityRef: entityRefOf(p),
  cluster: p.cluster,
  namespace: p.rolloutNamespace,
  name: p.rolloutName,
});

/** The plugin's HTTP API, validated against src/schema/openapi.yaml. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, cache, httpAuth } = options;
  const root = Router();
  // Parsed here, before the OpenAPI router, so a too-large body answers 413.
  // Only for our own routes: sub-routers set their own limits.
  root.use('/entities', express.json({ limit: BODY_LIMIT }));
  // Bodies of documented sub-router paths (analysis: inline templates) are
  // parsed here for the validator, up to the largest limit of any route.
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: MAX_BODY_LIMIT })],
  });

  router.get('/health', async (req, res) => {
    // Open to probes; error details (addresses, reasons) only for signed-in callers.
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    const detailed = credentials.principal.type !== 'none';
    res.json({
      status: 'ok',
      clusters: cache.clusters().map(c => {
        const { name, title, status, message } = c.health();
        return {
          name,
          ...(title ? { title } : {}),
          status,
          ...(detailed && message ? { message } : {}),
        };
      }),
    });
  });

  router.get('/entities/:kind/:namespace/:name/rollouts', async (req, res) => {
    const started = performance.now();
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // The encoded answer, from the service: each item is serialised once per
    // change of its rollout, the answer (bytes, ETag, gzip) once per change
    // of any item; the entity, the permission and the audit on every call.
    const answer = await service.listForEntityResponse(
      entityRefOf(req.params),
      credentials,
      { httpRequest: req },
    );
    const response = res as express.Response;
    response.type('application/json').set('ETag', answer.etag);
    response.vary('Accept-Encoding');
    // Express answers 304 for a matching If-None-Match; a gzipped body is
    // left alone by the root router's compression (already encoded).
    const gzip =
      !req.fresh && req.acceptsEncodings('gzip', 'identity') === 'gzip';
    const body = gzip ? await answer.gzip() : answer.body;
    // How long this plugin took to make the answer (DevTools and tracing
    // proxies show it); the root router's middleware is not in it.
    response.set('Server-Timing', serverTiming('list', started));
    if (gzip) response.set('Content-Encoding', 'gzip');
    response.send(body);
  });

  router.get(
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const p = req.params;
      res.json(
        await service.getRollout(targetOf(p), credentials, {
          httpRequest: req,
        }),
      );
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/actions/:action',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const p = req.params;
      const body: ActionRequest = req.body ?? {};
      const result = await service.runAction(
        targetOf(p),
        p.action,
        body,
        credentials,
        { httpRequest: req },
      );
      // 202: the change became a pull request (GitOps), nothing was patched.
      res.status(result.gitOps ? 202 : 200).json(result);
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/status',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const until = parseWaitTarget(req.query.until);
      const timeoutSeconds = parseWaitTimeout(req.query.timeout);
      const target = targetOf(req.params);
      const response = res as unknown as express.Response;
      const wait = { until, timeoutSeconds, signal: closeSignal(response) };
      const audit = { httpRequest: req };
      if (req.query.progress === 'true') {
        await streamWait(response, onProgress =>
          service.wait(target, credentials, { ...wait, onProgress }, audit),
        );
        return;
      }
      res.json(await service.wait(target, credentials, wait, audit));
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/watch',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const timeoutSeconds = parseWaitTimeout(req.query.timeout);
      const target = targetOf(req.params);
      const stop = closeSignal(res as unknown as express.Response);
      await streamNdjson<RolloutWatchEvent>(
        res as unknown as express.Response,
        async write => ({
          type: 'end',
          end: await service.watch(
            target,
            credentials,
            {
              timeoutSeconds,
              signal: stop,
              onChange: rollout => write({ type: 'rollout', rollout }),
            },
            { httpRequest: req },
          ),
        }),
      );
    },
  );

  if (options.strategy) {
    const strategy = options.strategy;
    router.get(
      '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/strategy',
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const p = req.params;
        res.json(
          await strategy.getOptions(targetOf(p), credentials, {
            httpRequest: req,
          }),
        );
      },
    );

    router.post(
      '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/strategy',
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const p = req.params;
        try {
          const result = await strategy.change(
            targetOf(p),
            req.body,
            credentials,
            { httpRequest: req },
          );
          res.status(result.gitOps ? 202 : 200).json(result);
        } catch (e) {
          if (!(e instanceof ArgoCdManagedError)) throw e;
          // The usual error body, plus the file and patch to commit.
          (res as unknown as express.Response).status(409).json({
            error: { name: e.name, message: e.message },
            request: { method: req.method, url: req.originalUrl },
            response: { statusCode: 409 },
            plan: e.plan,
          });
        }
      },
    );
  }

  if (options.gitops) {
    const gitops = options.gitops;
    router.get(
      '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/pull-requests',
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const target = targetOf(req.params);
        res.json(
          await service.auditedRead(
            'pull-requests',
            target,
            credentials,
            { httpRequest: req },
            async () => {
              const entity = await service.locator.getEntity(
                target.entityRef,
                credentials,
              );
              const { cluster, rollout } = await service.locator.locate(
                target,
                credentials,
                rolloutReadPermission,
                entity,
              );
              return gitops.pullRequests(entity, {
                cluster: cluster.name,
                rollout,
              });
            },
          ),
        );
      },
    );
  }

  router.get(
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/history',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const p = req.params;
      const items = await service.getHistory(
        targetOf(p),
        credentials,
        historyLimit(req.query.limit),
        { httpRequest: req },
      );
      res.json({ items });
    },
  );

  root.use(router);
  for (const sub of options.subRouters ?? []) root.use(sub);
  return root;
}
