import express from 'express';
import { serializeError } from '@backstage/errors';
import {
  RolloutWaitEvent,
  RolloutWaitResult,
  RolloutWaitState,
  RolloutWatchEvent,
} from '@gradual/plugin-rollouts-common';

/** A line of one of the NDJSON streams; each has an `error` line. */
type StreamEvent = RolloutWaitEvent | RolloutWatchEvent;

/**
 * An NDJSON answer: `run` writes lines as they come and resolves with the
 * last one. Errors found before the first line (400, 403, 404, 503) are
 * ordinary error responses; a failure after it (the rollout was deleted)
 * is an `error` line.
 */
export async function streamNdjson<E extends StreamEvent>(
  res: express.Response,
  run: (write: (event: E) => void) => Promise<E>,
): Promise<void> {
  const write = (event: StreamEvent) => {
    if (!res.headersSent) {
      res.status(200);
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
    }
    res.write(`${JSON.stringify(event)}\n`);
  };
  try {
    write(await run(write));
  } catch (e) {
    if (!res.headersSent) throw e;
    write({ type: 'error', error: serializeError(e as Error) });
  }
  res.end();
}

/**
 * The wait API with `progress=true`: one `progress` line per new state of
 * the rollout, then one `result` line (see {@link streamNdjson}).
 */
export function streamWait(
  res: express.Response,
  run: (
    onProgress: (state: RolloutWaitState) => void,
  ) => Promise<RolloutWaitResult>,
): Promise<void> {
  return streamNdjson<RolloutWaitEvent>(res, async write => ({
    type: 'result',
    result: await run(state => write({ type: 'progress', state })),
  }));
}
