import express from 'express';
import Router from 'express-promise-router';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { DeliveriesService } from './DeliveriesService';
import { DeliveryMetricsService } from './metrics/DeliveryMetricsService';
import { parseDeliveriesQuery } from './parseDeliveriesQuery';

/**
 * The platform view's endpoints, mounted on the plugin's router
 * (`/api/rollouts`): `GET /deliveries` (every delivery the caller may see,
 * from the watch cache) and `GET /deliveries/metrics`.
 */
export function createDeliveriesRouter(options: {
  httpAuth: HttpAuthService;
  deliveries: DeliveriesService;
  metrics: DeliveryMetricsService;
}): express.Router {
  const { httpAuth, deliveries, metrics } = options;
  const router = Router();

  router.get('/deliveries', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseDeliveriesQuery(
      req.query as Record<string, unknown>,
      deliveries.clusterNames(),
    );
    res.json(await deliveries.list(query, credentials));
  });

  router.get('/deliveries/metrics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const request = DeliveryMetricsService.parseQuery(
      req.query as Record<string, unknown>,
    );
    res.json(await metrics.metrics(request, credentials));
  });

  return router;
}
