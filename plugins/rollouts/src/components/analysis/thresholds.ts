/** A comparison against a constant, parsed from a simple Argo condition. */
export interface Threshold {
  operator: '<' | '<=' | '>' | '>=' | '==';
  value: number;
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';
const RESULT = 'result(?:\\[0\\])?';
const OP = '(<=|>=|==|<|>)';
const RESULT_FIRST = new RegExp(`^\\s*${RESULT}\\s*${OP}\\s*${NUMBER}\\s*$`);
const NUMBER_FIRST = new RegExp(`^\\s*${NUMBER}\\s*${OP}\\s*${RESULT}\\s*$`);

const FLIPPED: Record<Threshold['operator'], Threshold['operator']> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '==': '==',
};

/**
 * Parses `result[0] >= 0.99`, `result < 0.5` or `0.99 <= result[0]` into a
 * threshold; anything more complex (and/or, functions, other indexes) yields
 * undefined, and the chart then shows no threshold line.
 */
export function parseThreshold(condition?: string): Threshold | undefined {
  if (!condition) {
    return undefined;
  }
  let match = RESULT_FIRST.exec(condition);
  if (match) {
    return { operator: match[1] as Threshold['operator'], value: Number(match[2]) };
  }
  match = NUMBER_FIRST.exec(condition);
  if (match) {
    return {
      operator: FLIPPED[match[2] as Threshold['operator']],
      value: Number(match[1]),
    };
  }
  return undefined;
}

/**
 * The first number in a measurement value as Argo stores it: "0.99",
 * "[0.99]", "[0.99 0.98]", "{...}" yields undefined when there is no number.
 */
export function parseMeasurementValue(value?: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const match = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NaN/.exec(value);
  if (!match || match[0] === 'NaN') {
    return undefined;
  }
  const n = Number(match[0]);
  return Number.isFinite(n) ? n : undefined;
}

/** Formats a number compactly for labels (at most 4 significant digits). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}
