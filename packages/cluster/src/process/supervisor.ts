/*
 * Starts long-running components as detached process groups and remembers
 * exactly which processes it started: a pid file holds the pid and the
 * kernel's start time of that pid, so a recycled pid is never mistaken for
 * ours and `down` only ever signals its own process groups.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ClusterConfig, logPath, statePaths } from '../config';
import { waitFor } from '../waitFor';

export interface ProcessRecord {
  component: string;
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot). */
  startTime: string;
  command: string[];
  startedAt: string;
}

export interface StartOptions {
  component: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The start time of a pid, or undefined if no such process exists. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; it ends at the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // rest[0] is field 3 (state); field 22 is rest[19].
    if (rest[0] === 'Z') return undefined;
    return rest[19];
  } catch {
    return undefined;
  }
}

function pidFile(config: ClusterConfig, component: string): string {
  return path.join(statePaths(config).pids, `${component}.json`);
}

export function readRecord(
  config: ClusterConfig,
  component: string,
): ProcessRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(pidFile(config, component), 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when the recorded process is still the one we started. */
export function isRecordAlive(record: ProcessRecord | undefined): boolean {
  return (
    record !== undefined && processStartTime(record.pid) === record.startTime
  );
}

export function isRunning(config: ClusterConfig, component: string): boolean {
  return isRecordAlive(readRecord(config, component));
}

/** Starts the component unless our recorded process for it is still alive. */
export function startProcess(
  config: ClusterConfig,
  options: StartOptions,
): { record: ProcessRecord; reused: boolean } {
  const existing = readRecord(config, options.component);
  if (existing && isRecordAlive(existing)) {
    return { record: existing, reused: true };
  }
  const paths = statePaths(config);
  fs.mkdirSync(paths.pids, { recursive: true });
  fs.mkdirSync(paths.logs, { recursive: true });
  const log = fs.openSync(logPath(config, options.component), 'a');
  fs.writeSync(
    log,
    `\n=== ${new Date().toISOString()} starting ${
      options.command
    } ${options.args.join(' ')}\n`,
  );
  const child = spawn(options.command, options.args, {
    cwd: options.cwd ?? config.stateDir,
    env: options.env ?? process.env,
    detached: true, // own process group, survives the CLI
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) {
    throw new Error(`could not start ${options.command}`);
  }
  child.unref();
  const record: ProcessRecord = {
    component: options.component,
    pid: child.pid,
    startTime: processStartTime(child.pid) ?? '',
    command: [options.command, ...options.args],
    startedAt: new Date().toISOString(),
  };
  fs.writeFileSync(
    pidFile(config, options.component),
    JSON.stringify(record, null, 2),
  );
  return { record, reused: false };
}

/** Throws with the log's tail if the component's process has exited. */
export function assertAlive(config: ClusterConfig, component: string): void {
  if (!isRunning(config, component)) {
    throw new Error(
      `${component} exited; last log lines:\n${tailLog(config, component, 30)}`,
    );
  }
}

export function tailLog(
  config: ClusterConfig,
  component: string,
  lines: number,
): string {
  try {
    const text = fs.readFileSync(logPath(config, component), 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Stops the component's process group (SIGTERM, then SIGKILL after the
 * grace period) if it is still the process we started. Returns whether a
 * process was stopped.
 */
export async function stopProcess(
  config: ClusterConfig,
  component: string,
  graceMs = 10_000,
): Promise<boolean> {
  const record = readRecord(config, component);
  const file = pidFile(config, component);
  if (!record || !isRecordAlive(record)) {
    fs.rmSync(file, { force: true });
    return false;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-record.pid, signal);
    } catch (e: any) {
      if (e.code !== 'ESRCH') throw e;
    }
  };
  signalGroup('SIGTERM');
  try {
    await waitFor(() => !isRecordAlive(record), {
      timeoutMs: graceMs,
      intervalMs: 100,
      description: `${component} to exit`,
    });
  } catch {
    signalGroup('SIGKILL');
    await waitFor(() => !isRecordAlive(record), {
      timeoutMs: 5_000,
      intervalMs: 100,
      description: `${component} to exit after SIGKILL`,
    });
  }
  fs.rmSync(file, { force: true });
  return true;
}
