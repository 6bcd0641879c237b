/** The printed table and the results file. */
import { round } from './stats';

export function table(
  headers: string[],
  rows: Array<Array<string | number>>,
): string {
  const cells = [
    headers,
    ...rows.map(r => r.map(c => (typeof c === 'number' ? fmt(c) : c))),
  ];
  const widths = headers.map((_, i) =>
    Math.max(...cells.map(r => String(r[i] ?? '').length)),
  );
  const line = (r: Array<string | number>) =>
    `| ${r
      .map((c, i) =>
        i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]),
      )
      .join(' | ')} |`;
  return [
    line(cells[0]),
    `|${widths
      .map((w, i) =>
        i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`,
      )
      .join('|')}|`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (Math.abs(n) >= 100) return String(Math.round(n));
  if (Math.abs(n) >= 10) return String(round(n, 1));
  return String(round(n, 2));
}
