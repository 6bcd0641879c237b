/*
 * The watch stream (`GET …/watch`, `gradual get --watch`) through the real
 * plugin on the real local cluster: the current detail first, a line for a
 * change of a rollout at rest (it does not end there), the `end` line at
 * the timeout, and the audit event of the read.
 */
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { RolloutWatchEvent } from '@gradual/plugin-rollouts-common';
import {
  clusterEntry,
  createNamespace,
  createRollout,
  deleteNamespace,
  entityFor,
  rolloutManifest,
  ROLLOUTS_API,
  testNamespace,
  waitUntil,
} from '@gradual/test-utils';
import {
  RolloutsTestBackend,
  startRolloutsBackend,
} from '../__testUtils__/rolloutsBackend';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';
import { ROLLOUT_READ_EVENT_ID } from './auditedRead';

jest.setTimeout(8 * 60_000);

const NS = testNamespace('watch');
const RO = `/api/rollouts/entities/component/default/watch-shop/rollouts/local/${NS}/web`;

/** The NDJSON lines of a streaming response, one at a time. */
function lineReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return async (): Promise<RolloutWatchEvent | undefined> => {
    for (;;) {
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        return JSON.parse(line);
      }
      const { done, value } = await reader.read();
      if (done) return undefined;
      buffered += decoder.decode(value, { stream: true });
    }
  };
}

describe('GET …/watch on the real cluster', () => {
  let cluster: TestCluster;
  let backend: RolloutsTestBackend;
  let base: string;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, NS);
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'web', 'watch-shop', { replicas: 1 }),
    );
    backend = await startRolloutsBackend({
      entities: [entityFor('watch-shop', { namespace: NS })],
      // the shared cluster may hold thousands of rollouts (bench runs): the
      // first LIST pages of the watch cache take a while
      clusters: [clusterEntry(cluster, 'local', { requestTimeout: 60_000 })],
    });
    base = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
    await waitUntil(
      'the plugin to show the rollout Healthy',
      async () => {
        const r = await request(backend.server).get(RO);
        return r.status === 200 && r.body.phase === 'Healthy';
      },
      240_000,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    if (cluster) await deleteNamespace(cluster.admin, NS);
    cluster?.admin.close();
  });

  it('streams the detail, a change of the rollout at rest, then ends at the timeout; audited', async () => {
    const from = backend.auditor.events.length;
    const res = await fetch(`${base}${RO}/watch?timeout=20`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const next = lineReader(res.body!);

    const first = await next();
    expect(first).toMatchObject({
      type: 'rollout',
      rollout: { name: 'web', namespace: NS, phase: 'Healthy' },
    });
    const firstVersion =
      first?.type === 'rollout' ? first.rollout.resourceVersion : '';

    // at rest, a change of the rollout (its metadata) is one more line
    const annotated = await cluster.admin.request<{
      metadata: { resourceVersion: string };
    }>('PATCH', `${ROLLOUTS_API}/namespaces/${NS}/rollouts/web`, {
      body: { metadata: { annotations: { 'gradual.test/watch': 'x' } } },
      contentType: 'application/merge-patch+json',
    });
    let line = await next();
    while (
      line?.type === 'rollout' &&
      line.rollout.resourceVersion !== annotated.metadata.resourceVersion
    ) {
      line = await next();
    }
    expect(line).toMatchObject({
      type: 'rollout',
      rollout: {
        phase: 'Healthy',
        resourceVersion: annotated.metadata.resourceVersion,
      },
    });
    expect(annotated.metadata.resourceVersion).not.toBe(firstVersion);

    // no more changes: the stream stays open until the timeout's end line
    let end = await next();
    while (end?.type === 'rollout') end = await next();
    expect(end).toEqual({
      type: 'end',
      end: { reason: 'timeout', watchedSeconds: expect.any(Number) },
    });
    expect(await next()).toBeUndefined();

    const reads = backend.auditor.events
      .slice(from)
      .filter(e => e.eventId === ROLLOUT_READ_EVENT_ID)
      .map(e => ({
        meta: JSON.parse(e.meta),
        outcome: e.outcome,
        outcomeMeta: JSON.parse(e.outcomeMeta ?? 'null'),
      }));
    expect(reads).toEqual([
      {
        meta: expect.objectContaining({
          queryType: 'watch',
          cluster: 'local',
          namespace: NS,
          rollout: 'web',
          params: { timeoutSeconds: 20 },
        }),
        outcome: 'success',
        outcomeMeta: { reason: 'timeout', watchedSeconds: expect.any(Number) },
      },
    ]);
  });

  it('refuses a timeout outside 1s..1h (400) and an unknown rollout (404) before streaming', async () => {
    const long = await request(backend.server).get(`${RO}/watch?timeout=3601`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/timeout must be from 1s to 3600s/);
    const zero = await request(backend.server).get(`${RO}/watch?timeout=0`);
    expect(zero.status).toBe(400);
    const missing = await request(backend.server).get(
      `${RO.replace(/\/web$/, '/nope')}/watch?timeout=5`,
    );
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/json/);
  });
});
