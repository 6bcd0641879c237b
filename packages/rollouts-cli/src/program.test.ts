import { EXIT, exitCodeForOutcome, exitCodeForStatus } from './exitCodes';
import { parseEntityName, pickRollout } from './names';
import { parseImageAssignment, run } from './program';

const ROLLOUT = {
  cluster: 'local',
  namespace: 'shop',
  name: 'web',
  phase: 'Paused',
  message: 'CanaryPauseStep',
  step: { index: 1, count: 4 },
  revision: '2',
  strategy: 'canary',
};

/** Records what the CLI sends; answers like the backend would for a known entity. */
function recordingFetch(answer: (url: string, init: RequestInit) => Response) {
  const calls: Array<{
    url: string;
    method: string;
    body?: any;
    auth?: string;
  }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({
      url,
      method: init.method ?? 'GET',
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      auth: (init.headers as Record<string, string>).Authorization,
    });
    return answer(url, init);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

async function cli(
  args: string[],
  answer = (_u: string, _i: RequestInit) => json(500, {}),
) {
  const { fetch, calls } = recordingFetch(answer);
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(['node', 'gradual', ...args], {
    env: { GRADUAL_URL: 'http://portal.test', GRADUAL_TOKEN: 'tok' },
    stdout: t => out.push(t),
    stderr: t => err.push(t),
    fetch,
  });
  return { code, calls, out: out.join('\n'), err: err.join('\n') };
}

const BACKEND = (url: string, init: RequestInit) => {
  if (url.endsWith('/entities/component/default/shop/rollouts'))
    return json(200, {
      items: [ROLLOUT],
      clusters: [{ name: 'local', status: 'ok' }],
    });
  if (url.includes('/actions/') && init.method === 'POST')
    return json(200, { rollout: ROLLOUT });
  return json(404, {
    error: { name: 'NotFoundError', message: 'entity not found' },
  });
};

describe('gradual arguments', () => {
  it('sends promote --full with the expected step to the resolved rollout', async () => {
    const r = await cli(
      ['promote', 'shop', '--full', '--expected-step', '1'],
      BACKEND,
    );
    expect(r.code).toBe(EXIT.ok);
    expect(r.calls[1]).toEqual({
      url: 'http://portal.test/api/rollouts/entities/component/default/shop/rollouts/local/shop/web/actions/promote-full',
      method: 'POST',
      body: { expected: { step: 1 } },
      auth: 'Bearer tok',
    });
    expect(r.out).toMatch(
      /^Promote full: local\/shop\/web Paused - CanaryPauseStep \(step 1\/4\), revision 2$/,
    );
  });

  it('maps skip, undo --to-revision and set-image to their actions and bodies', async () => {
    const skip = await cli(['skip', 'component:default/shop', 'web'], BACKEND);
    expect(skip.calls[1].url).toMatch(/\/actions\/skip-step$/);
    const undo = await cli(
      ['undo', 'shop', 'local/shop/web', '--to-revision', '3'],
      BACKEND,
    );
    // a full cluster/namespace/name needs no list
    expect(undo.calls).toHaveLength(1);
    expect(undo.calls[0]).toMatchObject({ body: { toRevision: 3 } });
    expect(undo.calls[0].url).toMatch(/\/actions\/undo$/);
    const setImage = await cli(
      ['set-image', 'shop', 'app=registry.local/web:3'],
      BACKEND,
    );
    expect(setImage.calls[1]).toMatchObject({
      body: { container: 'app', image: 'registry.local/web:3' },
    });
  });

  it.each([
    [['status', 'shop', '--wait', '--timeout', '0']],
    [['status', 'shop', '--wait', '--timeout', '2h']],
    [['status', 'shop', '--wait', '--until', 'finished']],
    [['promote', 'shop', '--expected-step', 'one']],
    [['set-image', 'shop', 'no-equals-sign']],
    [['list', 'bad entity ref!']],
    [['deploy', 'shop']],
    [['promote']],
  ])(
    'refuses %j as bad input (exit 5) without calling the backend',
    async args => {
      const r = await cli(args);
      expect(r.code).toBe(EXIT.badInput);
      expect(r.calls).toEqual([]);
      expect(r.err).toMatch(/error/);
    },
  );

  it('needs a token and a URL', async () => {
    const out: string[] = [];
    const base = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => out.push(t),
    };
    expect(
      await run(['node', 'gradual', 'list', 'shop'], {
        ...base,
        env: { GRADUAL_URL: 'http://x' },
      }),
    ).toBe(EXIT.denied);
    expect(
      await run(['node', 'gradual', 'list', 'shop'], {
        ...base,
        env: { GRADUAL_TOKEN: 't' },
      }),
    ).toBe(EXIT.badInput);
    expect(out.join('\n')).toMatch(
      /set GRADUAL_TOKEN[\s\S]*--url or set GRADUAL_URL/,
    );
  });

  it('turns backend errors into exit codes with the message', async () => {
    const answer = (status: number, message: string) => () =>
      json(status, { error: { name: 'E', message } });
    const denied = await cli(
      ['list', 'shop'],
      answer(401, 'Missing credentials'),
    );
    expect(denied.code).toBe(EXIT.denied);
    expect(denied.err).toMatch(/401.*Missing credentials.*GRADUAL_TOKEN/);
    expect((await cli(['list', 'shop'], answer(403, 'not allowed'))).code).toBe(
      EXIT.denied,
    );
    expect(
      (await cli(['list', 'nope'], answer(404, 'entity not found'))).code,
    ).toBe(EXIT.badInput);
    const conflict = await cli(
      ['abort', 'shop', 'local/shop/web'],
      answer(409, 'the rollout moved on'),
    );
    expect(conflict.code).toBe(EXIT.conflict);
    expect(conflict.err).toMatch(/moved on/);
  });

  it('picks the rollout by name, namespace/name or the only one, and says what exists', () => {
    const items = [
      { ...ROLLOUT, cluster: 'a' },
      { ...ROLLOUT, cluster: 'b' },
    ] as any[];
    expect(pickRollout(items, 'a/shop/web', 'shop')).toEqual({
      cluster: 'a',
      namespace: 'shop',
      name: 'web',
    });
    expect(() => pickRollout(items, 'web', 'shop')).toThrow(
      /has 2 rollouts matching web; name one of: a\/shop\/web, b\/shop\/web/,
    );
    expect(() => pickRollout(items, 'api', 'shop')).toThrow(
      /no rollout api for shop/,
    );
    expect(pickRollout([items[0]], undefined, 'shop')).toMatchObject({
      cluster: 'a',
    });
    expect(parseEntityName('Group:team/a')).toEqual({
      kind: 'group',
      namespace: 'team',
      name: 'a',
    });
    expect(parseImageAssignment('app=r/x:1@sha256:ab')).toEqual({
      container: 'app',
      image: 'r/x:1@sha256:ab',
    });
  });
});

describe('exit codes', () => {
  it('maps HTTP statuses and wait outcomes', () => {
    expect([400, 401, 403, 404, 409, 500, 503].map(exitCodeForStatus)).toEqual([
      5, 3, 3, 5, 4, 1, 1,
    ]);
    expect(
      ['reached', 'degraded', 'aborted', 'healthy', 'timeout'].map(
        exitCodeForOutcome,
      ),
    ).toEqual([0, 1, 1, 1, 2]);
  });
});

describe('get --watch', () => {
  it('prints each rollout line and keeps watching until interrupted, then exits 0', async () => {
    const lines: string[] = [];
    let interrupt: (() => void) | undefined;
    let unsubscribed = false;
    const encoder = new TextEncoder();
    // the watch stream of a rollout at rest: one line, then open and quiet
    const stream = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(
              encoder.encode(
                `${JSON.stringify({ type: 'rollout', rollout: ROLLOUT })}\n`,
              ),
            );
          },
        }),
        { headers: { 'Content-Type': 'application/x-ndjson' } },
      );
    const { fetch, calls } = recordingFetch((url, init) =>
      url.includes('/watch?') ? stream() : BACKEND(url, init),
    );
    const code = run(
      ['node', 'gradual', '-o', 'json', 'get', 'shop', '--watch'],
      {
        env: { GRADUAL_URL: 'http://portal.test', GRADUAL_TOKEN: 'tok' },
        stdout: t => {
          lines.push(t);
          // interrupted once the first tree is out, the stream still open
          if (lines.length === 1) setImmediate(() => interrupt?.());
        },
        stderr: t => lines.push(`stderr: ${t}`),
        fetch,
        onInterrupt: handler => {
          interrupt = handler;
          return () => {
            unsubscribed = true;
          };
        },
      },
    );
    await expect(code).resolves.toBe(EXIT.ok);
    expect(lines.map(l => JSON.parse(l).phase)).toEqual(['Paused']);
    expect(unsubscribed).toBe(true);
    expect(calls.map(c => c.url)).toEqual([
      'http://portal.test/api/rollouts/entities/component/default/shop/rollouts',
      'http://portal.test/api/rollouts/entities/component/default/shop/rollouts/local/shop/web/watch?timeout=3600',
    ]);
  });
});
