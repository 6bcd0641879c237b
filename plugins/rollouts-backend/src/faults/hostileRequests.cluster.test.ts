/*
 * Abuse: 1,000 malformed or hostile requests against the real plugin on the
 * real cluster: bad JSON, wrong types, huge bodies, path traversal in names,
 * unknown actions, entity refs of another team, URLs in every field. Every
 * answer must be a 4xx, the backend must keep serving, nothing in the
 * cluster may change (resourceVersions compared), no response, log line or
 * audit event may contain a cluster token, and no request field may become an
 * outbound URL (a loopback witness listener named in every field counts
 * connections: it must see none).
 */
import request from 'supertest';
import {
  blackHole,
  clusterEntry,
  CountingListener,
  createNamespace,
  createRollout,
  deleteNamespace,
  entityFor,
  getRollout,
  namespaceVersions,
  refusedPort,
  rolloutManifest,
  ROLLOUTS_API,
  testNamespace,
  waitUntil,
} from '@gradual/test-utils';
import {
  RolloutsTestBackend,
  startRolloutsBackend,
} from '../__testUtils__/rolloutsBackend';
import { leakedSecrets } from '../__testUtils__/secrets';
import { connectTestCluster, TestCluster } from '../__testUtils__/testCluster';

jest.setTimeout(5 * 60_000);

const TOTAL = 1000;
const NS = testNamespace('hostile');
const MINE = 'faults-hostile';
const THEIRS = 'faults-other-team';
const API = '/api/rollouts';
const ents = (entity: string) =>
  `${API}/entities/component/default/${entity}/rollouts`;

interface Hostile {
  label: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** A raw string is sent as is (with `type`); anything else as JSON. */
  body?: unknown;
  type?: string;
  headers?: Record<string, string>;
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hostileRequests(witness: string): Hostile[] {
  const host = witness.replace(/^http:\/\//, '');
  const urls = [
    witness,
    `${witness}/api`,
    `//${host}`,
    host,
    `https://${host}/`,
  ];
  const target = `${ents(MINE)}/local/${NS}/target`;
  const promote = `${target}/actions/promote`;
  const fixed: Hostile[] = [];
  const post = (label: string, path: string, body?: unknown, type?: string) =>
    fixed.push({ label, method: 'post', path, body, type });

  // Bad JSON.
  for (const raw of [
    '{',
    '{"expected":',
    'nul',
    '[1,2',
    '"\u0000',
    '{"expected":{"step":1}}}',
    '{"a":1,}',
    "{'expected':1}",
    '\u00ff\u00fe',
    'promote',
  ]) {
    post(`bad JSON ${JSON.stringify(raw)}`, promote, raw, 'application/json');
  }
  // Wrong types and shapes (each would be a valid promote if coerced).
  const wrong: unknown[] = [
    [],
    [{ expected: { step: 1 } }],
    'promote',
    42,
    true,
    { expected: '1' },
    { expected: 1 },
    { expected: [1] },
    { expected: null },
    { expected: { step: '1' } },
    { expected: { step: 1.5 } },
    { expected: { step: -1 } },
    { expected: { step: true } },
    { expected: { step: null } },
    { expected: { step: [1] } },
    { expected: { step: {} } },
    { expected: { step: 1e12 } },
    { expected: { step: 1, extra: 1 } },
    { expected: { revision: 2 } },
    { expected: { revision: '../1' } },
    { expected: { resourceVersion: { $gt: '' } } },
    { expected: { resourceVersion: '1 OR 1=1' } },
    { toRevision: 'abc' },
    { toRevision: -1 },
    { image: 123 },
    { image: 'a b' },
    { image: '' },
    { container: '../x' },
    { container: 'A' },
    { container: ['app'] },
    JSON.parse('{"expected":{"step":1},"__proto__":{"step":0}}'),
    { expected: { step: 1 }, constructor: { prototype: { step: 0 } } },
    ...urls.flatMap(u => [
      { expected: { step: 1 }, url: u },
      { expected: { step: 1 }, server: u },
      { expected: { step: 1 }, cluster: u },
      { expected: { step: 1 }, callback: u },
    ]),
  ];
  for (const body of wrong)
    post(`wrong type ${JSON.stringify(body).slice(0, 80)}`, promote, body);
  // Wrong content types.
  for (const [type, raw] of [
    ['text/plain', '{"expected":{"step":1}}'],
    ['application/x-www-form-urlencoded', 'expected[step]=1'],
    ['application/xml', '<expected><step>1</step></expected>'],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="expected"\r\n\r\n1\r\n--x--',
    ],
  ]) {
    post(`content type ${type}`, promote, raw, type);
  }
  // Huge bodies (the limit is 16 KiB for actions).
  for (const size of [17 * 1024, 100 * 1024, 1024 * 1024, 4 * 1024 * 1024]) {
    post(
      `huge body ${size} B`,
      promote,
      JSON.stringify({ expected: { step: 1 }, pad: 'x'.repeat(size) }),
      'application/json',
    );
  }
  // Path traversal and hostile names in every segment.
  const segments = [
    '..',
    '.',
    '%2e%2e',
    '..%2F..%2Fapi',
    '%2e%2e%2f%2e%2e%2fkube-system',
    'a%2Fb',
    'foo%00bar',
    'UPPER',
    'x'.repeat(300),
    '-lead',
    'trail-',
    'a..b',
    '%252e%252e',
    '..%5c..',
    '%E0%A4%A',
    '%',
    'kube-system%2F..%2Fdefault',
    encodeURIComponent(witness),
    encodeURIComponent(`${witness}/x`),
  ];
  for (const s of segments) {
    fixed.push({
      label: `name ${s}`,
      method: 'get',
      path: `${ents(MINE)}/local/${NS}/${s}`,
    });
    fixed.push({
      label: `namespace ${s}`,
      method: 'get',
      path: `${ents(MINE)}/local/${s}/target`,
    });
    fixed.push({
      label: `cluster ${s}`,
      method: 'get',
      path: `${ents(MINE)}/${s}/${NS}/target`,
    });
    post(
      `action on name ${s}`,
      `${ents(MINE)}/local/${NS}/${s}/actions/promote`,
      { expected: { step: 1 } },
    );
    post(
      `action on namespace ${s}`,
      `${ents(MINE)}/local/${s}/target/actions/promote`,
      { expected: { step: 1 } },
    );
    post(
      `action on cluster ${s}`,
      `${ents(MINE)}/${s}/${NS}/target/actions/promote`,
      { expected: { step: 1 } },
    );
    fixed.push({
      label: `history of ${s}`,
      method: 'get',
      path: `${ents(MINE)}/local/${NS}/${s}/history`,
    });
    fixed.push({
      label: `entity name ${s}`,
      method: 'get',
      path: `${API}/entities/component/default/${s}/rollouts`,
    });
    fixed.push({
      label: `entity kind ${s}`,
      method: 'get',
      path: `${API}/entities/${s}/default/${MINE}/rollouts`,
    });
  }
  // Unknown actions.
  for (const a of [
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'delete',
    'exec',
    'scale',
    'PROMOTE',
    'promote%00',
    'promote%2F..',
    '..',
    'promote.json',
    '%2e%2e%2fabort',
  ]) {
    post(`unknown action ${a}`, `${target}/actions/${a}`, {
      expected: { step: 1 },
    });
  }
  // Another team's entity (denied) and its rollout reached through ours (not found).
  for (const action of [
    'promote',
    'abort',
    'promote-full',
    'restart',
    'pause',
  ]) {
    post(
      `other team ${action}`,
      `${ents(THEIRS)}/local/${NS}/theirs/actions/${action}`,
      {},
    );
    post(
      `their rollout via my entity ${action}`,
      `${ents(MINE)}/local/${NS}/theirs/actions/${action}`,
      {},
    );
  }
  fixed.push({ label: 'other team list', method: 'get', path: ents(THEIRS) });
  fixed.push({
    label: 'other team detail',
    method: 'get',
    path: `${ents(THEIRS)}/local/${NS}/theirs`,
  });
  fixed.push({
    label: 'other team history',
    method: 'get',
    path: `${ents(THEIRS)}/local/${NS}/theirs/history`,
  });
  fixed.push({
    label: 'their rollout via my entity',
    method: 'get',
    path: `${ents(MINE)}/local/${NS}/theirs`,
  });
  fixed.push({
    label: 'unknown entity',
    method: 'get',
    path: ents('no-such-entity'),
  });
  // Stale decisions (valid shape, moved-on state): conflicts.
  for (const expected of [
    { step: 0 },
    { step: 2 },
    { resourceVersion: '1' },
    { revision: '99' },
  ]) {
    post(`stale ${JSON.stringify(expected)}`, promote, { expected });
  }
  // Actions that do not apply to a paused canary: conflicts.
  post('retry when not aborted', `${target}/actions/retry`, {});
  post('resume when not paused by hand', `${target}/actions/resume`, {});
  // Methods and query strings.
  for (const method of ['put', 'patch', 'delete'] as const) {
    fixed.push({
      label: `${method} action`,
      method,
      path: promote,
      body: { expected: { step: 1 } },
    });
    fixed.push({ label: `${method} list`, method, path: ents(MINE) });
  }
  for (const q of [
    'limit=abc',
    'limit=-5',
    'limit=1e9',
    'limit[]=1',
    'limit=1&limit=2',
    `limit=${'9'.repeat(400)}`,
  ]) {
    fixed.push({
      label: `history ?${q}`,
      method: 'get',
      path: `${target}/history?${q}`,
    });
  }
  // Headers naming the witness (the Kubernetes plugin's proxy header, forwarding headers).
  for (const u of urls) {
    for (const h of [
      'Backstage-Kubernetes-Cluster',
      'X-Forwarded-Host',
      'X-Kubernetes-Server',
      'Forwarded',
    ]) {
      fixed.push({
        label: `header ${h}: ${u}`,
        method: 'post',
        path: promote,
        body: { expected: { step: 0 } },
        headers: { [h]: u },
      });
    }
  }
  // Analysis: templates naming the witness as their data source; the judge (services only).
  for (const u of urls.filter(x => x.includes('://'))) {
    post(`dry-run prometheus.address ${u}`, `${API}/analysis/dry-run`, {
      cluster: 'local',
      template: `spec:\n  metrics:\n    - name: m\n      successCondition: result[0] < 1\n      provider:\n        prometheus:\n          address: ${u}\n          query: up\n`,
    });
    post(`dry-run web.url ${u}`, `${API}/analysis/dry-run`, {
      cluster: 'local',
      template: `spec:\n  metrics:\n    - name: m\n      successCondition: result == true\n      provider:\n        web:\n          url: ${u}\n`,
    });
    post(`dry-run unknown cluster ${u}`, `${API}/analysis/dry-run`, {
      cluster: u,
      template: { name: 'x' },
    });
    fixed.push({
      label: `judge ${u}`,
      method: 'get',
      path: `${API}/analysis/judge?cluster=${encodeURIComponent(
        u,
      )}&namespace=${NS}&rollout=target`,
    });
  }
  post(
    'dry-run bad JSON',
    `${API}/analysis/dry-run`,
    '{"cluster":',
    'application/json',
  );
  post(
    'dry-run huge',
    `${API}/analysis/dry-run`,
    JSON.stringify({ cluster: 'local', template: 'x'.repeat(512 * 1024) }),
    'application/json',
  );
  post('dry-run wrong types', `${API}/analysis/dry-run`, {
    cluster: ['local'],
    template: 42,
  });

  // Fuzzed to the total: random hostile segments and bodies, deterministic.
  const rnd = prng(0x9a11);
  const alphabet = [
    '..',
    '%2F',
    '%00',
    '%',
    '/',
    '\\',
    '..%2F',
    '%2e',
    '~',
    '$',
    '{',
    '}',
    '<',
    '>',
    '"',
    "'",
    ';',
    '|',
    ' ',
    '\u202e',
    'é',
    'a',
    '-',
    '0',
  ];
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const junk = (n: number) =>
    Array.from({ length: 1 + Math.floor(rnd() * n) }, () =>
      pick(alphabet),
    ).join('');
  const enc = (s: string) =>
    rnd() < 0.5
      ? encodeURIComponent(s)
      : s.replace(/[^\u0021-\u007e]|["<>{}|\\^`]/g, c => encodeURIComponent(c));
  const bodies: Array<() => unknown> = [
    () => ({ expected: { step: junk(4) } }),
    () => ({ [junk(3)]: junk(6) }),
    () => ({
      expected: { step: 1 },
      [pick(['url', 'server', 'address', 'endpoint'])]: pick(urls),
    }),
    () => junk(12),
    () => ({ expected: { revision: junk(5) } }),
    () => ({ image: `${junk(5)} ${junk(5)}` }),
  ];
  const out = [...fixed];
  while (out.length < TOTAL) {
    const i = out.length;
    const kind = i % 4;
    if (kind === 0) {
      out.push({
        label: `fuzz name #${i}`,
        method: 'post',
        path: `${ents(MINE)}/local/${NS}/${enc(junk(5))}/actions/promote`,
        body: { expected: { step: 1 } },
      });
    } else if (kind === 1) {
      out.push({
        label: `fuzz action #${i}`,
        method: 'post',
        path: `${target}/actions/${enc(junk(4))}`,
        body: { expected: { step: 1 } },
      });
    } else if (kind === 2) {
      const b = pick(bodies)();
      out.push({
        label: `fuzz body #${i} ${JSON.stringify(b).slice(0, 60)}`,
        method: 'post',
        path: promote,
        body: typeof b === 'string' ? b : b,
        type: typeof b === 'string' ? 'application/json' : undefined,
      });
    } else {
      out.push({
        label: `fuzz entity #${i}`,
        method: 'get',
        path: `${API}/entities/${enc(junk(3))}/${enc(junk(3))}/${enc(
          junk(4),
        )}/rollouts`,
      });
    }
  }
  return out.slice(0, TOTAL);
}

/** Waits for the first revision, starts a second one, waits until it pauses at step 1. */
async function pauseAtStep1(cluster: TestCluster, name: string) {
  await waitUntil(
    `${name} to be Healthy`,
    async () =>
      (await getRollout(cluster.admin, NS, name)).status?.phase === 'Healthy',
    120_000,
  );
  await cluster.admin.request(
    'PATCH',
    `${ROLLOUTS_API}/namespaces/${NS}/rollouts/${name}`,
    {
      body: {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'app', image: 'registry.local/faults/app:2.0.0' },
              ],
            },
          },
        },
      },
      contentType: 'application/merge-patch+json',
    },
  );
  await waitUntil(
    `${name} to pause at step 1`,
    async () => {
      const ro = await getRollout(cluster.admin, NS, name);
      return (
        ro.status?.phase === 'Paused' &&
        ro.status?.currentStepIndex === 1 &&
        String(ro.status?.observedGeneration) === String(ro.metadata.generation)
      );
    },
    120_000,
  );
}

describe('faults: 1,000 malformed or hostile requests', () => {
  let cluster: TestCluster;
  let witness: CountingListener;
  let backend: RolloutsTestBackend;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    await createNamespace(cluster.admin, NS);
    const steps = [{ setWeight: 50 }, { pause: {} }];
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'target', MINE, { steps }),
    );
    await createRollout(
      cluster.admin,
      rolloutManifest(NS, 'theirs', THEIRS, { steps }),
    );
    witness = await blackHole();
    const prometheus = await refusedPort();
    backend = await startRolloutsBackend({
      entities: [
        entityFor(MINE, { owner: 'group:default/team-a', namespace: NS }),
        entityFor(THEIRS, { owner: 'group:default/team-b', namespace: NS }),
      ],
      clusters: [clusterEntry(cluster, 'local')],
      // A Prometheus for 'local' on a closed port: only the SSRF guard can answer the dry-runs.
      rollouts: {
        analysis: {
          prometheus: [
            { cluster: 'local', url: `http://127.0.0.1:${prometheus}` },
          ],
        },
      },
      // The caller is on team-a: everything on team-b's entity is denied.
      authorize: reqs =>
        reqs.map(r =>
          r.resourceRef === `component:default/${THEIRS}` ? 'DENY' : 'ALLOW',
        ),
    });
    // Let both revisions settle: promote would apply to `target` if anything got through.
    await pauseAtStep1(cluster, 'target');
    await pauseAtStep1(cluster, 'theirs');
    await waitUntil(
      'the plugin to show the paused canary',
      async () =>
        (
          await request(backend.server).get(`${ents(MINE)}/local/${NS}/target`)
        ).body?.phase === 'Paused',
      30_000,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await witness?.close();
    if (cluster) await deleteNamespace(cluster.admin, NS);
    cluster?.admin.close();
  });

  it('answers only 4xx, keeps serving, changes nothing in the cluster, leaks no token, dials no URL of a request', async () => {
    const requests = hostileRequests(`http://127.0.0.1:${witness.port}`);
    expect(requests).toHaveLength(TOTAL);
    const before = await namespaceVersions(cluster.admin, NS);

    const results: Array<{ label: string; status: number; text: string }> = [];
    const send = async (h: Hostile) => {
      let req = request(backend.server)[h.method](h.path);
      for (const [k, v] of Object.entries(h.headers ?? {})) req = req.set(k, v);
      if (h.body !== undefined) {
        // superagent only serialises objects; a JSON number or boolean
        // (a wrong type too) is serialised here.
        req = req
          .set('Content-Type', h.type ?? 'application/json')
          .send(typeof h.body === 'string' ? h.body : JSON.stringify(h.body));
      }
      const res = await req;
      results.push({
        label: `${h.method.toUpperCase()} ${h.path.slice(0, 160)} (${h.label})`,
        status: res.status,
        text: res.text ?? '',
      });
    };
    for (let i = 0; i < requests.length; i += 20) {
      await Promise.all(requests.slice(i, i + 20).map(send));
    }

    expect(results).toHaveLength(TOTAL);
    const not4xx = results.filter(r => r.status < 400 || r.status > 499);
    expect(
      not4xx.map(r => `${r.status} ${r.label}: ${r.text.slice(0, 200)}`),
    ).toEqual([]);

    // Still serving.
    const health = await request(backend.server).get(`${API}/health`);
    expect(health.status).toBe(200);
    const list = await request(backend.server).get(ents(MINE));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => `${i.name} ${i.phase}`)).toEqual([
      'target Paused',
    ]);

    // Nothing changed in the cluster: same objects, same resourceVersions.
    expect(await namespaceVersions(cluster.admin, NS)).toEqual(before);
    const ro = await getRollout(cluster.admin, NS, 'target');
    expect(ro.status?.currentStepIndex).toBe(1);

    // No request field became an outbound URL.
    expect(witness.connections).toBe(0);

    // No token anywhere.
    const everything = [
      ...results.map(r => r.text),
      backend.logger.text(),
      backend.auditor.text(),
    ].join('\n');
    expect(leakedSecrets(everything, { cluster: cluster.token })).toEqual([]);
  });
});
