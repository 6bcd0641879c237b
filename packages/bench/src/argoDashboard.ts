/**
 * The peer: the upstream Argo Rollouts dashboard (`kubectl argo rollouts
 * dashboard`), built from the Go module proxy by packages/cluster's
 * build-binaries.sh (component `rollouts-cli`, the same upstream module and
 * version as the controller), started on a loopback port with the admin
 * kubeconfig. Its UI bundle is not in the module zip (server/static holds
 * only a .gitkeep), so the page is empty; its API — what the UI calls — is
 * complete: `GET /api/v1/rollouts/{ns}/info` (the list the UI loads first)
 * and the `…/info/watch` stream (newline-delimited JSON, one
 * `{"result":{"type":"Updated","rolloutInfo":…}}` per change).
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './kube';
import { freePort } from './freePort';
import { MessageWaiters } from './messageWaiters';
import { OffThreadReceiver } from './offThreadReceiver';

export interface ArgoDashboard {
  baseUrl: string;
  pid: number;
  logFile: string;
  /** Resident set size of the dashboard process (/proc), in bytes. */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** Builds (on a cache miss) and locates kubectl-argo-rollouts. */
export function dashboardBinary(repoRoot: string): Promise<string> {
  const script = path.join(
    repoRoot,
    'packages/cluster/scripts/build-binaries.sh',
  );
  return new Promise((resolve, reject) =>
    execFile(
      'bash',
      [script, 'rollouts-cli'],
      { maxBuffer: 16 * 2 ** 20 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`${script} rollouts-cli failed: ${stderr}`));
          return;
        }
        const dir = /^rollouts-cli=(.+)$/m.exec(stdout)?.[1];
        if (!dir) reject(new Error(`no rollouts-cli dir in: ${stdout}`));
        else resolve(path.join(dir, 'kubectl-argo-rollouts'));
      },
    ),
  );
}

export async function startArgoDashboard(options: {
  binary: string;
  kubeconfig: string;
  label: string;
}): Promise<ArgoDashboard> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `${options.label}-dashboard.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(
    options.binary,
    [
      'dashboard',
      '--port',
      String(port),
      '--address',
      '127.0.0.1',
      '--kubeconfig',
      options.kubeconfig,
    ],
    { stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  let exited = false;
  const exit = new Promise<void>(resolve =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    `the Argo Rollouts dashboard on ${baseUrl} (log ${logFile})`,
    async () => {
      if (exited) throw new Error(`the dashboard exited (log ${logFile})`);
      try {
        return (await fetch(`${baseUrl}/api/v1/version`)).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  return {
    baseUrl,
    pid: child.pid!,
    logFile,
    rssBytes: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

/**
 * A client of the dashboard's stream, as its UI is: reads
 * `/api/v1/rollouts/{ns}/info/watch` and records when each message arrives
 * (on its receiving thread).
 */
export class DashboardStream {
  readonly #receiver: OffThreadReceiver;
  readonly #waiters = new MessageWaiters<any>();
  /** Distinct rollouts seen, and when the stream had `n` of them. */
  readonly seen = new Set<string>();
  #onSeen?: { count: number; resolve: (at: bigint) => void };

  constructor(baseUrl: string, namespace: string) {
    // Received on its own thread, as the dashboard's UI is in a browser
    // (and as Gradual's WebSocket client is).
    this.#receiver = new OffThreadReceiver(
      {
        kind: 'lines',
        url: `${baseUrl}/api/v1/rollouts/${namespace}/info/watch`,
      },
      (at, line) => this.#message(line, at),
    );
  }

  #message(line: string, at: bigint) {
    let info: any;
    try {
      info = JSON.parse(line)?.result?.rolloutInfo;
    } catch {
      return;
    }
    if (!info?.objectMeta) return;
    this.seen.add(`${info.objectMeta.namespace}/${info.objectMeta.name}`);
    if (this.#onSeen && this.seen.size >= this.#onSeen.count) {
      this.#onSeen.resolve(at);
      this.#onSeen = undefined;
    }
    this.#waiters.received(info, at);
  }

  /** hrtime when the stream has sent `count` distinct rollouts. */
  seenAll(count: number): Promise<bigint> {
    if (this.seen.size >= count)
      return Promise.resolve(process.hrtime.bigint());
    return new Promise(resolve => {
      this.#onSeen = { count, resolve };
    });
  }

  /** hrtime of the first message from now on whose rolloutInfo matches, or undefined after `timeoutMs`. */
  next(
    match: (info: any) => boolean,
    timeoutMs: number,
  ): Promise<bigint | undefined> {
    return this.#waiters.next(match, timeoutMs);
  }

  close(): void {
    this.#receiver.close().catch(() => {});
  }
}
