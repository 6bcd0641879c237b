/**
 * Waits until the machine is quiet before timing: the share of all CPUs
 * busy (from /proc/stat, the kernel's own counters) stays under a limit for
 * a few consecutive one-second windows. Informers still syncing, a
 * controller still writing statuses, or a process just started would
 * otherwise land in the samples.
 */
import fs from 'node:fs/promises';

export interface CpuTimes {
  busy: number;
  total: number;
}

/** The aggregate `cpu` line of /proc/stat: busy and total jiffies. */
export function cpuTimesOf(procStat: string): CpuTimes {
  const line = procStat.split('\n').find(l => /^cpu\s/.test(l));
  if (!line) throw new Error('no aggregate cpu line in /proc/stat');
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 4 || f.some(x => !Number.isFinite(x)))
    throw new Error(`cannot read the cpu line of /proc/stat: ${line}`);
  // user nice system idle iowait irq softirq steal (guest is in user).
  const [
    user,
    nice,
    system,
    idle,
    iowait = 0,
    irq = 0,
    softirq = 0,
    steal = 0,
  ] = f;
  const idleAll = idle + iowait;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idleAll };
}

/** The share of CPU time busy between two readings (0…1). */
export function busyShare(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

export async function waitForQuietMachine(
  options: {
    /** Busy share of all CPUs under which a window counts as quiet. */
    maxBusy?: number;
    /** Consecutive quiet one-second windows needed. */
    windows?: number;
    timeoutMs?: number;
    log?: (l: string) => void;
  } = {},
): Promise<{ quiet: boolean; waitedMs: number; lastBusy: number }> {
  const maxBusy = options.maxBusy ?? 0.3;
  const needed = options.windows ?? 2;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = Date.now();
  const read = async () => cpuTimesOf(await fs.readFile('/proc/stat', 'utf8'));
  let quiet = 0;
  let lastBusy = 1;
  let before = await read();
  while (Date.now() - started < timeoutMs) {
    await new Promise(r => setTimeout(r, 1000));
    const after = await read();
    lastBusy = busyShare(before, after);
    before = after;
    quiet = lastBusy < maxBusy ? quiet + 1 : 0;
    if (quiet >= needed)
      return { quiet: true, waitedMs: Date.now() - started, lastBusy };
  }
  options.log?.(
    `  the machine did not get quiet in ${
      timeoutMs / 1000
    } s (last second ${Math.round(lastBusy * 100)}% busy); timing anyway`,
  );
  return { quiet: false, waitedMs: Date.now() - started, lastBusy };
}
