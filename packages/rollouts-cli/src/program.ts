import { Command, CommanderError, Option } from 'commander';
import {
  ACTION_RULES,
  ActionRequest,
  RolloutActionName,
  RolloutDetail,
  WAIT_TARGETS,
  WaitTarget,
  parseWaitTimeout,
  renderRolloutTree,
} from '@gradual/plugin-rollouts-common';
import { Fetch, GradualClient } from './client';
import { CliError, EXIT, ExitCode, exitCodeForOutcome } from './exitCodes';
import { EntityName, RolloutName, parseEntityName, pickRollout } from './names';
import {
  historyTable,
  progressLine,
  resultLine,
  rolloutsTable,
  statusLine,
} from './output';

/** What the CLI runs against: environment, output streams and fetch (for tests and the bin alike). */
export interface CliContext {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fetch?: Fetch;
  /**
   * Calls the handler on SIGINT / SIGTERM until the answered function is
   * called (`get --watch` ends cleanly on them); absent: no interrupts.
   */
  onInterrupt?: (handler: () => void) => () => void;
}

interface GlobalOptions {
  url?: string;
  output: 'table' | 'json';
}

/** The CLI commands of the rollout actions, in the action table's words. */
const ACTION_COMMANDS: Array<{
  command: string;
  action: RolloutActionName;
  full?: RolloutActionName;
}> = [
  { command: 'promote', action: 'promote', full: 'promote-full' },
  { command: 'skip', action: 'skip-step' },
  { command: 'abort', action: 'abort' },
  { command: 'retry', action: 'retry' },
  { command: 'pause', action: 'pause' },
  { command: 'resume', action: 'resume' },
  { command: 'restart', action: 'restart' },
  { command: 'undo', action: 'undo' },
];

function integerOption(flag: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) {
      throw new CliError(
        `${flag} must be a whole number, got ${JSON.stringify(value)}`,
        EXIT.badInput,
      );
    }
    return Number(value);
  };
}

function untilOption(value: string): WaitTarget {
  if (!(WAIT_TARGETS as readonly string[]).includes(value)) {
    throw new CliError(
      `--until must be one of ${WAIT_TARGETS.join(', ')}`,
      EXIT.badInput,
    );
  }
  return value as WaitTarget;
}

function timeoutOption(value: string): number {
  try {
    return parseWaitTimeout(value);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.badInput);
  }
}

/** `container=image` of set-image. */
export function parseImageAssignment(text: string): {
  container: string;
  image: string;
} {
  const m = /^([^=\s]+)=(\S+)$/.exec(text);
  if (!m) {
    throw new CliError(
      `expected CONTAINER=IMAGE (e.g. app=registry.example/shop:1.2.3), got ${JSON.stringify(
        text,
      )}`,
      EXIT.badInput,
    );
  }
  return { container: m[1], image: m[2] };
}

/** Builds the program; `run` executes it and answers the exit code. */
export function createProgram(ctx: CliContext, done: (code: ExitCode) => void) {
  const program = new Command('gradual')
    .description(
      'Drive Argo Rollouts through the Gradual Backstage portal (token in GRADUAL_TOKEN; never cluster credentials).',
    )
    .option('--url <url>', 'portal backend URL (default: GRADUAL_URL)')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .exitOverride()
    .configureOutput({
      writeOut: s => ctx.stdout(s.replace(/\n$/, '')),
      writeErr: s => ctx.stderr(s.replace(/\n$/, '')),
    })
    .showHelpAfterError(false);

  const globals = () => program.opts<GlobalOptions>();
  const client = () => {
    const url = globals().url ?? ctx.env.GRADUAL_URL;
    if (!url)
      throw new CliError(
        'no portal URL: pass --url or set GRADUAL_URL',
        EXIT.badInput,
      );
    if (!/^https?:\/\//.test(url))
      throw new CliError(
        `--url must be http(s)://…, got ${url}`,
        EXIT.badInput,
      );
    const token = ctx.env.GRADUAL_TOKEN;
    if (!token) throw new CliError('no token: set GRADUAL_TOKEN', EXIT.denied);
    return new GradualClient({ url, token, fetch: ctx.fetch });
  };
  const print = (json: unknown, text: () => string) =>
    ctx.stdout(
      globals().output === 'json' ? JSON.stringify(json, null, 2) : text(),
    );
  const resolve = async (
    api: GradualClient,
    entityText: string,
    rolloutText?: string,
  ): Promise<{ entity: EntityName; rollout: RolloutName }> => {
    const entity = parseEntityName(entityText);
    // a full cluster/namespace/name needs no list
    const parts = rolloutText?.split('/') ?? [];
    if (parts.length === 3 && parts.every(Boolean)) {
      return {
        entity,
        rollout: { cluster: parts[0], namespace: parts[1], name: parts[2] },
      };
    }
    const list = await api.list(entity);
    try {
      return {
        entity,
        rollout: pickRollout(list.items, rolloutText, entityText),
      };
    } catch (e) {
      // not found while a cluster is unavailable: the rollout may be there
      const down = list.clusters.filter(c => c.status !== 'ok');
      if (!down.length || !(e instanceof CliError)) throw e;
      throw new CliError(
        `${e.message} (cluster ${down
          .map(c => `${c.name}: ${c.message ?? 'unavailable'}`)
          .join(', ')})`,
        EXIT.failed,
      );
    }
  };
  const waitFor = async (
    api: GradualClient,
    entity: EntityName,
    rollout: RolloutName,
    until: WaitTarget,
    timeoutSeconds: number,
  ): Promise<ExitCode> => {
    const json = globals().output === 'json';
    const result = await api.wait(entity, rollout, {
      until,
      timeoutSeconds,
      onProgress: state => {
        if (!json) ctx.stderr(progressLine(state));
      },
    });
    print(result, () => resultLine(result));
    return exitCodeForOutcome(result.outcome);
  };

  program
    .command('list')
    .description("list an entity's rollouts in every cluster")
    .argument(
      '<entity>',
      '[kind:][namespace/]name, e.g. component:default/shop',
    )
    .action(async (entityText: string) => {
      const list = await client().list(parseEntityName(entityText));
      print(list, () => {
        const down = list.clusters.filter(c => c.status !== 'ok');
        return [
          rolloutsTable(list.items),
          ...down.map(c => `cluster ${c.name}: ${c.message ?? c.status}`),
        ].join('\n');
      });
      done(EXIT.ok);
    });

  program
    .command('get')
    .description('show a rollout as `kubectl argo rollouts get rollout` does')
    .argument('<entity>')
    .argument(
      '[rollout]',
      '[[cluster/]namespace/]name; optional when the entity has one',
    )
    .option(
      '-w, --watch',
      'print the tree again on every change until --timeout or Ctrl-C (exit 0 either way)',
    )
    .option(
      '--timeout <duration>',
      'how long --watch runs: seconds or 90s, 5m, 1h (1s..1h)',
      timeoutOption,
      3600,
    )
    .action(
      async (entityText: string, rolloutText: string | undefined, opts) => {
        const api = client();
        const { entity, rollout } = await resolve(api, entityText, rolloutText);
        const show = (detail: RolloutDetail) =>
          print(detail, () => renderRolloutTree(detail, new Date()));
        if (!opts.watch) {
          show(await api.get(entity, rollout));
          return done(EXIT.ok);
        }
        // Like upstream `get rollout --watch`: it runs until the timeout or
        // an interrupt, whatever the rollout does, and both end it with 0.
        const stop = new AbortController();
        const unsubscribe = ctx.onInterrupt?.(() => stop.abort());
        try {
          await api.watch(entity, rollout, {
            timeoutSeconds: opts.timeout,
            signal: stop.signal,
            onRollout: show,
          });
        } finally {
          unsubscribe?.();
        }
        return done(EXIT.ok);
      },
    );

  program
    .command('status')
    .description(
      'the rollout status; with --wait, wait like `kubectl argo rollouts status`',
    )
    .argument('<entity>')
    .argument('[rollout]')
    .option(
      '--wait',
      'wait until the rollout reaches --until (or is Degraded / aborted, or the timeout)',
    )
    .option(
      '--until <state>',
      `state to wait for: ${WAIT_TARGETS.join(', ')}`,
      untilOption,
      'healthy',
    )
    .option(
      '--timeout <duration>',
      'how long to wait: seconds or 90s, 5m, 1h (1s..1h)',
      timeoutOption,
      300,
    )
    .action(
      async (entityText: string, rolloutText: string | undefined, opts) => {
        const api = client();
        const { entity, rollout } = await resolve(api, entityText, rolloutText);
        if (opts.wait) {
          return done(
            await waitFor(api, entity, rollout, opts.until, opts.timeout),
          );
        }
        const detail = await api.get(entity, rollout);
        print(
          {
            phase: detail.phase,
            message: detail.message,
            step: detail.step,
            setWeight: detail.setWeight,
          },
          () => statusLine(detail.phase, detail.message),
        );
        return done(detail.phase === 'Degraded' ? EXIT.failed : EXIT.ok);
      },
    );

  const addActionOptions = (cmd: Command) =>
    cmd
      .option(
        '--expected-step <index>',
        'refuse (exit 4) unless the rollout is still at this step index',
        integerOption('--expected-step'),
      )
      .option(
        '--expected-revision <revision>',
        'refuse (exit 4) unless the rollout is still at this revision',
      )
      .option('--wait', 'then wait like `status --wait`')
      .option('--until <state>', 'state to wait for', untilOption, 'healthy')
      .option(
        '--timeout <duration>',
        'how long to wait (1s..1h)',
        timeoutOption,
        300,
      );

  const runAction = async (
    entityText: string,
    rolloutText: string | undefined,
    action: RolloutActionName,
    opts: {
      expectedStep?: number;
      expectedRevision?: string;
      wait?: boolean;
      until: WaitTarget;
      timeout: number;
    },
    extra: ActionRequest = {},
  ) => {
    const api = client();
    const { entity, rollout } = await resolve(api, entityText, rolloutText);
    const expected = {
      ...(opts.expectedStep !== undefined ? { step: opts.expectedStep } : {}),
      ...(opts.expectedRevision !== undefined
        ? { revision: opts.expectedRevision }
        : {}),
    };
    const body: ActionRequest = {
      ...extra,
      ...(Object.keys(expected).length ? { expected } : {}),
    };
    const res = await api.act(entity, rollout, action, body);
    print(res, () => {
      const r = res.rollout;
      return `${ACTION_RULES[action].label}: ${r.cluster}/${r.namespace}/${
        r.name
      } ${statusLine(r.phase, r.message)}${
        r.step ? ` (step ${r.step.index}/${r.step.count})` : ''
      }, revision ${r.revision}`;
    });
    if (!opts.wait) return done(EXIT.ok);
    return done(await waitFor(api, entity, rollout, opts.until, opts.timeout));
  };

  for (const def of ACTION_COMMANDS) {
    const rule = ACTION_RULES[def.action];
    const cmd = program
      .command(def.command)
      .description(`${rule.label}${rule.destructive ? ' (destructive)' : ''}`)
      .argument('<entity>')
      .argument('[rollout]');
    if (def.full)
      cmd.option(
        '--full',
        `${
          ACTION_RULES[def.full].label
        }: skip all remaining steps and analysis`,
      );
    if (def.action === 'undo')
      cmd.option(
        '--to-revision <revision>',
        'revision to go back to (default: the previous one)',
        integerOption('--to-revision'),
      );
    addActionOptions(cmd).action(
      async (entityText: string, rolloutText: string | undefined, opts) => {
        const action = opts.full && def.full ? def.full : def.action;
        const extra =
          opts.toRevision !== undefined ? { toRevision: opts.toRevision } : {};
        await runAction(entityText, rolloutText, action, opts, extra);
      },
    );
  }

  addActionOptions(
    program
      .command('set-image')
      .description(
        `${ACTION_RULES['set-image'].label}: gradual set-image <entity> [rollout] CONTAINER=IMAGE`,
      )
      .argument('<entity>')
      .argument('<args...>', '[rollout] CONTAINER=IMAGE'),
  ).action(async (entityText: string, args: string[], opts) => {
    if (args.length > 2)
      throw new CliError(
        'too many arguments: [rollout] CONTAINER=IMAGE',
        EXIT.badInput,
      );
    const assignment = parseImageAssignment(args[args.length - 1]);
    await runAction(
      entityText,
      args.length === 2 ? args[0] : undefined,
      'set-image',
      opts,
      assignment,
    );
  });

  program
    .command('history')
    .description(
      "the rollout's action history (who did what, with which outcome), newest first",
    )
    .argument('<entity>')
    .argument('[rollout]')
    .option('--limit <n>', 'entries (1..500)', integerOption('--limit'))
    .action(
      async (entityText: string, rolloutText: string | undefined, opts) => {
        const api = client();
        const { entity, rollout } = await resolve(api, entityText, rolloutText);
        const res = await api.history(entity, rollout, opts.limit);
        print(res, () => historyTable(res.items));
        done(EXIT.ok);
      },
    );

  return program;
}

/** Runs the CLI on `argv` (as `process.argv`) and answers its exit code. */
export async function run(argv: string[], ctx: CliContext): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = createProgram(ctx, c => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end "successfully"; usage errors are bad input
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof CliError) {
      ctx.stderr(`error: ${e.message}`);
      return e.exitCode;
    }
    ctx.stderr(`error: ${(e as Error).message ?? e}`);
    return EXIT.failed;
  }
}
