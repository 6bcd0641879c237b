import express from 'express';
import { JsonObject } from '@backstage/types';
import Router from 'express-promise-router';
import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { actorOf } from '../service/RolloutLocator';
import { runAuditedRead } from '../service/auditedRead';
import { DeliveriesService } from './DeliveriesService';
import { DeliveryMetricsService } from './metrics/DeliveryMetricsService';
import { parseDeliveriesQuery } from './parseDeliveriesQuery';

/**
 * The platform view's endpoints, mounted on the plugin's router
 * (`/api/rollouts`): `GET /deliveries` (every delivery the caller may see,
 * from the watch cache) and `GET /deliveries/metrics`, both audited as
 * low-severity reads with the caller and the query.
 */
export function createDeliveriesRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  deliveries: DeliveriesService;
  metrics: DeliveryMetricsService;
}): express.Router {
  const { httpAuth, auditor, deliveries, metrics } = options;
  const router = Router();
  /** The audit of one read: the caller, the query string as sent. */
  const audit = (
    queryType: 'deliveries' | 'delivery-metrics',
    req: express.Request,
    actor: string,
  ) => ({
    auditor,
    queryType,
    actor,
    params: { ...(req.query as JsonObject) },
    httpRequest: req,
  });

  router.get('/deliveries', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await runAuditedRead(
        audit('deliveries', req, actorOf(credentials)),
        async () =>
          deliveries.list(
            parseDeliveriesQuery(
              req.query as Record<string, unknown>,
              deliveries.clusterNames(),
            ),
            credentials,
          ),
      ),
    );
  });

  router.get('/deliveries/metrics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await runAuditedRead(
        audit('delivery-metrics', req, actorOf(credentials)),
        async () =>
          metrics.metrics(
            DeliveryMetricsService.parseQuery(
              req.query as Record<string, unknown>,
            ),
            credentials,
          ),
      ),
    );
  });

  return router;
}
