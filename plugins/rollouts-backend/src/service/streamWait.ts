import express from 'express';
import { serializeError } from '@backstage/errors';
import {
  RolloutWaitEvent,
  RolloutWaitResult,
  RolloutWaitState,
} from '@gradual/plugin-rollouts-common';

/**
 * The wait API with `progress=true`: NDJSON, one `progress` line per new
 * state of the rollout, then one `result` line. Errors found before the
 * first line (400, 403, 404, 503) are ordinary error responses; a failure
 * after it (the rollout was deleted) is an `error` line.
 */
export async function streamWait(
  res: express.Response,
  run: (
    onProgress: (state: RolloutWaitState) => void,
  ) => Promise<RolloutWaitResult>,
): Promise<void> {
  const write = (event: RolloutWaitEvent) => {
    if (!res.headersSent) {
      res.status(200);
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
    }
    res.write(`${JSON.stringify(event)}\n`);
  };
  try {
    const result = await run(state => write({ type: 'progress', state }));
    write({ type: 'result', result });
  } catch (e) {
    if (!res.headersSent) throw e;
    write({ type: 'error', error: serializeError(e as Error) });
  }
  res.end();
}
