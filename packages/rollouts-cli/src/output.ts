import type {
  ActionHistoryEntry,
  RolloutSummary,
  RolloutWaitResult,
  RolloutWaitState,
} from '@gradual/plugin-rollouts-common';

/** Columns padded to their widest cell, two spaces apart (like kubectl). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

const stepText = (step: RolloutSummary['step']) =>
  step ? `${step.index}/${step.count}` : '-';
const weightText = (w: number | null) => (w === null ? '-' : `${w}%`);

export function rolloutsTable(items: RolloutSummary[]): string {
  return table(
    [
      'CLUSTER',
      'NAMESPACE',
      'NAME',
      'STRATEGY',
      'STATUS',
      'STEP',
      'SET-WEIGHT',
      'ACTUAL-WEIGHT',
      'REVISION',
    ],
    items.map(r => [
      r.cluster,
      r.namespace,
      r.name,
      r.strategy === 'blueGreen' ? 'BlueGreen' : 'Canary',
      r.phase,
      stepText(r.step),
      weightText(r.setWeight),
      weightText(r.actualWeight),
      r.revision,
    ]),
  );
}

export function historyTable(items: ActionHistoryEntry[]): string {
  return table(
    ['TIME', 'ACTOR', 'ACTION', 'OUTCOME', 'STEP', 'REVISION', 'MESSAGE'],
    items.map(h => [
      h.at,
      h.actor,
      h.action,
      h.outcome,
      `${h.before?.step ?? '-'}→${h.after?.step ?? '-'}`,
      `${h.before?.revision || '-'}→${h.after?.revision || '-'}`,
      h.message ?? '',
    ]),
  );
}

/** `kubectl argo rollouts status` prints `Status` or `Status - Message`. */
export function statusLine(phase: string, message: string): string {
  return phase === 'Healthy' || phase === 'Degraded' || !message
    ? phase
    : `${phase} - ${message}`;
}

/** One progress line while waiting: phase, step k/N, weight, analysis. */
export function progressLine(state: RolloutWaitState): string {
  const parts = [statusLine(state.phase, state.message)];
  if (state.step) {
    parts.push(
      `step ${state.step.index}/${state.step.count}${
        state.stepDescription ? ` (${state.stepDescription})` : ''
      }`,
    );
  }
  if (state.setWeight !== null) {
    parts.push(
      `weight ${state.setWeight}%${
        state.actualWeight !== null && state.actualWeight !== state.setWeight
          ? ` (actual ${state.actualWeight}%)`
          : ''
      }`,
    );
  }
  for (const a of state.analysis) {
    parts.push(
      `analysis ${a.name}: ${a.phase}${a.message ? ` (${a.message})` : ''}`,
    );
  }
  return parts.join(' · ');
}

/** The last line of a wait: what happened, in upstream's words where it has them. */
export function resultLine(result: RolloutWaitResult): string {
  switch (result.outcome) {
    case 'reached':
      return `${result.state.phase}: rollout reached ${result.until}`;
    case 'timeout':
      return `Rollout status watch exceeded timeout (${result.waitedSeconds}s, waiting for ${result.until})`;
    case 'aborted': {
      const why = result.abort?.analysis?.sentence ?? result.abort?.reason;
      return `The rollout update was aborted: ${why ?? result.state.message}`;
    }
    case 'degraded':
      return `The rollout is in a degraded state with message: ${result.state.message}`;
    default:
      return `The rollout became ${result.state.phase} without reaching ${result.until}`;
  }
}
