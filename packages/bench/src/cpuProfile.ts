/**
 * A CPU profile of this process (the bench and its in-process backend)
 * around one piece of work, through the inspector: written as a
 * `.cpuprofile` (Chrome DevTools / speedscope) and summarised as the
 * functions with the most self time.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Functions by self time, largest first (`name file:line`). */
  self: Array<{ fn: string; ms: number; share: number }>;
  /** Functions by time with them on the stack (callees included). */
  inclusive: Array<{ fn: string; ms: number; share: number }>;
}

export async function profiled<T>(
  file: string,
  work: () => Promise<T>,
): Promise<{ result: T; profile: ProfileSummary }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    return { result, profile: summarizeProfile(file, profile) };
  } finally {
    session.disconnect();
  }
}

function summarizeProfile(file: string, profile: any): ProfileSummary {
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (id: number) => {
    const f = byId.get(id)?.callFrame ?? {};
    const where = f.url
      ? ` ${String(f.url).replace(
          /^.*\/(node_modules|plugins|packages)\//,
          '$1/',
        )}:${f.lineNumber + 1}`
      : '';
    return `${f.functionName || '(anonymous)'}${where}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const deltas: number[] = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id: number, i: number) => {
    const ms = (deltas[i] ?? 0) / 1000;
    const key = keyOf(id);
    self.set(key, (self.get(key) ?? 0) + ms);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const k = keyOf(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  });
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([fn, ms]) => ({
        fn,
        ms: Math.round(ms),
        share: Math.round((ms / totalMs) * 1000) / 10,
      }));
  return {
    file,
    totalMs: Math.round(totalMs),
    self: top(self),
    inclusive: top(inclusive),
  };
}
