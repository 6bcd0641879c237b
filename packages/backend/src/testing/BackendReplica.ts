/*
 * One replica of the demo backend as a real child process (the same
 * `src/index.ts` that `yarn start` runs, with Backstage's Node transform), for
 * tests that run several replicas against one PostgreSQL database.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const BACKEND_DIR = resolvePackagePath('@gradual/backend');

export class BackendReplica {
  readonly #child: ChildProcess;
  readonly #output: string[] = [];
  #exited = false;

  private constructor(
    readonly name: string,
    readonly port: number,
    configFiles: string[],
    env: Record<string, string>,
  ) {
    this.#child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index.ts',
        ...configFiles.flatMap(f => ['--config', f]),
      ],
      {
        cwd: BACKEND_DIR,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          LOG_LEVEL: 'warn',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer) => {
      this.#output.push(chunk.toString());
      if (this.#output.length > 400) this.#output.shift();
    };
    this.#child.stdout!.on('data', keep);
    this.#child.stderr!.on('data', keep);
    this.#child.on('exit', () => {
      this.#exited = true;
    });
  }

  /** Starts the replica and resolves once its rollouts plugin answers /health. */
  static async start(options: {
    name: string;
    port: number;
    configFiles: string[];
    timeoutMs: number;
    /** More environment variables of the process. */
    env?: Record<string, string>;
  }): Promise<BackendReplica> {
    const replica = new BackendReplica(
      options.name,
      options.port,
      options.configFiles,
      options.env ?? {},
    );
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      if (replica.#exited)
        throw new Error(
          `replica ${options.name} exited during startup:\n${replica.output()}`,
        );
      try {
        const res = await fetch(`${replica.baseUrl}/api/rollouts/health`);
        if (res.ok) return replica;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await replica.kill();
        throw new Error(
          `replica ${options.name} not ready after ${
            options.timeoutMs
          } ms:\n${replica.output()}`,
        );
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  /** The last lines the process wrote (for failure messages). */
  output(): string {
    return this.#output.join('').split('\n').slice(-80).join('\n');
  }

  /** Resolves once the process has written a line matching `pattern`. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.#output.join(''))) {
      if (this.#exited)
        throw new Error(
          `replica ${
            this.name
          } exited before writing ${pattern}:\n${this.output()}`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `replica ${
            this.name
          } did not write ${pattern} in ${timeoutMs} ms:\n${this.output()}`,
        );
      await new Promise(r => setTimeout(r, 200));
    }
  }

  /** SIGKILL: no shutdown hooks run, as when a node or container dies. */
  async kill(): Promise<void> {
    if (this.#exited) return;
    this.#child.kill('SIGKILL');
    await once(this.#child, 'exit');
  }

  /** SIGTERM and wait for the process to exit (SIGKILL after 30 s). */
  async stop(): Promise<void> {
    if (this.#exited) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 30_000);
    this.#child.kill('SIGTERM');
    await once(this.#child, 'exit');
    clearTimeout(timer);
  }
}
