import type {
  RolloutWaitResult,
  RolloutWaitState,
} from '@gradual/plugin-rollouts-common';
import { GradualClient } from './client';
import { EXIT } from './exitCodes';

const entity = { kind: 'component', namespace: 'default', name: 'shop' };
const rollout = { cluster: 'local', namespace: 'shop', name: 'web' };
const ROLLOUT_URL =
  'http://portal.test/api/rollouts/entities/component/default/shop/rollouts/local/shop/web';

const state = (phase: RolloutWaitState['phase']) =>
  ({ phase, message: '', revision: '2' } as RolloutWaitState);

/** A client whose fetch records each request and answers with `answer`. */
function clientAnswering(answer: () => Response) {
  const sent: Array<{ url: string; method?: string; auth?: string }> = [];
  const client = new GradualClient({
    url: 'http://portal.test/',
    token: 'tok',
    fetch: (async (url: string, init: RequestInit) => {
      sent.push({
        url,
        method: init.method,
        auth: (init.headers as Record<string, string>).Authorization,
      });
      return answer();
    }) as unknown as typeof fetch,
  });
  return { client, sent };
}

describe('GradualClient', () => {
  it('waits on the status route of the contract and reads the NDJSON progress and result', async () => {
    const result = {
      until: 'healthy',
      outcome: 'reached',
      state: state('Healthy'),
      waitedSeconds: 3,
    } as RolloutWaitResult;
    const lines = [
      { type: 'progress', state: state('Progressing') },
      { type: 'progress', state: state('Healthy') },
      { type: 'result', result },
    ];
    const { client, sent } = clientAnswering(
      () =>
        new Response(lines.map(l => JSON.stringify(l)).join('\n'), {
          headers: { 'Content-Type': 'application/x-ndjson' },
        }),
    );
    const progress: string[] = [];
    await expect(
      client.wait(entity, rollout, {
        until: 'healthy',
        timeoutSeconds: 30,
        onProgress: s => progress.push(s.phase),
      }),
    ).resolves.toEqual(result);
    expect(progress).toEqual(['Progressing', 'Healthy']);
    expect(sent).toEqual([
      {
        url: `${ROLLOUT_URL}/status?until=healthy&timeout=30&progress=true`,
        method: 'GET',
        auth: 'Bearer tok',
      },
    ]);
  });

  it('fails a wait that ends without a result line', async () => {
    const { client } = clientAnswering(
      () =>
        new Response(
          JSON.stringify({ type: 'progress', state: state('Paused') }),
        ),
    );
    await expect(
      client.wait(entity, rollout, { until: 'healthy', timeoutSeconds: 30 }),
    ).rejects.toMatchObject({
      message: 'the backend ended the wait without a result',
      exitCode: EXIT.failed,
    });
  });

  it('reads the watch stream: each rollout line, then the end line', async () => {
    const lines = [
      { type: 'rollout', rollout: { name: 'web', phase: 'Paused' } },
      { type: 'rollout', rollout: { name: 'web', phase: 'Healthy' } },
      { type: 'end', end: { reason: 'timeout', watchedSeconds: 90 } },
    ];
    const { client, sent } = clientAnswering(
      () => new Response(lines.map(l => `${JSON.stringify(l)}\n`).join('')),
    );
    const phases: string[] = [];
    await expect(
      client.watch(entity, rollout, {
        timeoutSeconds: 90,
        onRollout: d => phases.push(d.phase),
      }),
    ).resolves.toEqual({ reason: 'timeout', watchedSeconds: 90 });
    expect(phases).toEqual(['Paused', 'Healthy']);
    expect(sent).toEqual([
      {
        url: `${ROLLOUT_URL}/watch?timeout=90`,
        method: 'GET',
        auth: 'Bearer tok',
      },
    ]);
  });

  it('ends a watch as closed when its signal aborts, and fails on an error line', async () => {
    const stop = new AbortController();
    // a stream that sends one line and then nothing, like a quiet rollout
    const open = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(
              new TextEncoder().encode(
                `${JSON.stringify({
                  type: 'rollout',
                  rollout: { phase: 'Healthy' },
                })}\n`,
              ),
            );
          },
        }),
      );
    const { client } = clientAnswering(open);
    await expect(
      client.watch(entity, rollout, {
        timeoutSeconds: 3600,
        signal: stop.signal,
        onRollout: () => stop.abort(),
      }),
    ).resolves.toEqual({ reason: 'closed', watchedSeconds: 0 });

    const failing = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            type: 'error',
            error: { name: 'NotFoundError', message: 'rollout was deleted' },
          }),
        ),
    );
    await expect(
      failing.client.watch(entity, rollout, {
        timeoutSeconds: 30,
        onRollout: () => undefined,
      }),
    ).rejects.toMatchObject({
      message: 'rollout was deleted',
      exitCode: EXIT.failed,
    });
  });

  it('asks for the history with the limit as a query parameter', async () => {
    const { client, sent } = clientAnswering(() =>
      Response.json({ items: [] }),
    );
    await client.history(entity, rollout, 5);
    await client.history(entity, rollout);
    expect(sent.map(s => s.url)).toEqual([
      `${ROLLOUT_URL}/history?limit=5`,
      `${ROLLOUT_URL}/history`,
    ]);
  });

  it('names the portal it cannot reach', async () => {
    const client = new GradualClient({
      url: 'http://portal.test',
      token: 'tok',
      fetch: (async () => {
        throw new TypeError('fetch failed', { cause: 'ECONNREFUSED' });
      }) as unknown as typeof fetch,
    });
    await expect(client.get(entity, rollout)).rejects.toMatchObject({
      message: 'cannot reach http://portal.test/api/rollouts: ECONNREFUSED',
      exitCode: EXIT.failed,
    });
  });
});
