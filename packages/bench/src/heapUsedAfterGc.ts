/**
 * Heap used after full garbage collections, once it is stable: repeated
 * (at most 8 times, with the event loop turning in between so closed sockets
 * and finished timers release what they hold) until two readings agree
 * within 0.2%.
 */
export async function heapUsedAfterGc(): Promise<number> {
  const gc = (globalThis as any).gc as (() => void) | undefined;
  if (!gc) throw new Error('run with node --expose-gc');
  let previous = Infinity;
  let current = 0;
  for (let i = 0; i < 8; i++) {
    await new Promise(r => setImmediate(r));
    gc();
    gc();
    current = process.memoryUsage().heapUsed;
    if (Math.abs(current - previous) / current < 0.002) break;
    previous = current;
  }
  return current;
}
